using System.Globalization;

namespace Checkout.LoadGenerator;

/// <summary>Command-line options. Every option has a default, so a bare run works against the standalone mesh.</summary>
public sealed record LoadOptions
{
    public Uri Target { get; init; } = new("http://127.0.0.1:8080");

    /// <summary>Shoppers running at once. 8 keeps both cores of a 2-core machine busy without queueing every request.</summary>
    public int Shoppers { get; init; } = 8;

    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Stop after this many completed checkouts instead of after <see cref="Duration"/>.</summary>
    public int? Checkouts { get; init; }

    /// <summary>How many of each step one shopper's visit makes (the mix).</summary>
    public ShopperMix Mix { get; init; } = new();

    /// <summary>Inventory's gRPC address, for the stock check after the run; empty skips the check.</summary>
    public string Inventory { get; init; } = "http://127.0.0.1:5102";

    /// <summary>Units on hand to give every SKU the shoppers browse before the run (<see cref="Restock"/>); null leaves the stock as it is.</summary>
    public int? Restock { get; init; }

    public bool Demo { get; init; }

    /// <summary>Print the usage and stop.</summary>
    public bool Help { get; init; }

    public string? JsonOutput { get; init; }

    public static LoadOptions Parse(string[] args)
    {
        var options = new LoadOptions();
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--target" => options with { Target = new Uri(Next()) },
                "--shoppers" => options with { Shoppers = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--duration" => options with { Duration = TimeSpan.FromSeconds(double.Parse(Next(), CultureInfo.InvariantCulture)) },
                "--checkouts" => options with { Checkouts = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--mix" => options with { Mix = ShopperMix.Parse(Next()) },
                "--demo" => options with { Demo = true },
                "--json" => options with { JsonOutput = Next() },
                "--inventory" => options with { Inventory = Next() },
                "--restock" => options with { Restock = int.Parse(Next(), CultureInfo.InvariantCulture) },
                "--help" or "-h" => options with { Help = true },
                _ => throw new ArgumentException($"Unknown option {args[i]}.\n{Usage}"),
            };
        }

        if (options.Shoppers < 1)
        {
            throw new ArgumentException("--shoppers must be 1 or more.");
        }

        if (options.Restock is < 0)
        {
            throw new ArgumentException("--restock must be 0 or more.");
        }

        if (options.Restock is not null && string.IsNullOrEmpty(options.Inventory))
        {
            throw new ArgumentException("--restock sets the stock through Inventory: it needs --inventory.");
        }

        return options;
    }

    public const string Usage = """
        Usage: dotnet run -c Release --project bench/Checkout.LoadGenerator -- [options]
          --target URL        the BFF (default http://127.0.0.1:8080)
          --shoppers N        shoppers at once (default 8)
          --duration SECONDS  how long to run (default 30)
          --checkouts N       stop after N completed checkouts instead
          --mix browse=3,add=2,update=1,view=1,checkout=1
                              steps per visit (default as shown; checkout=0 never checks out)
          --json FILE         also write the results as JSON
          --inventory URL     Inventory's gRPC address for the stock check (default http://127.0.0.1:5102; "" skips it)
          --restock N         before the run, set every SKU the shoppers browse to N units on hand in
                              each warehouse that lists it, so a long run does not sell the stock out
          --demo              walk one shopper through the whole flow, printing every exchange
          --help              this text

        The table counts, per endpoint, errors (answers that are wrong: 5xx, or a 4xx the shop
        should not give) and refused (answers a shop under load gives by design: another
        shopper bought the last unit, OUT_OF_STOCK or ITEMS_UNAVAILABLE). "statuses" lists the
        non-2xx statuses of both. Any error or failed check ends the run with exit code 1.

        A load run is a script to the mesh's rate limits (429 RATE_LIMITED, an error here): run
        the mesh with them off, dotnet run -c Release --project src/Standalone -- --Bff:RateLimits:Enabled=false
        """;
}

/// <summary>What one visit does: browse products, add lines, change a quantity, view the cart, check out.</summary>
public sealed record ShopperMix(int Browse = 3, int Add = 2, int Update = 1, int View = 1, int Checkout = 1)
{
    public static ShopperMix Parse(string text)
    {
        var mix = new ShopperMix();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var (name, value) = (part.Split('=')[0].Trim(), int.Parse(part.Split('=')[1], CultureInfo.InvariantCulture));
            mix = name switch
            {
                "browse" => mix with { Browse = value },
                "add" => mix with { Add = value },
                "update" => mix with { Update = value },
                "view" => mix with { View = value },
                "checkout" => mix with { Checkout = value },
                _ => throw new ArgumentException($"Unknown step '{name}' in --mix."),
            };
        }

        return mix.Add < 1 && mix.Checkout > 0 ? throw new ArgumentException("A mix that checks out needs add=1 or more.") : mix;
    }
}
