using YamlDotNet.RepresentationModel;

namespace Checkout.DaprSidecarDouble;

/// <summary>
/// How daprd retries a delivery: the pub/sub component's inbound resiliency policy wraps
/// each delivery (dapr pkg/runtime/subscription/subscription.go <c>New</c>); with none there is
/// one attempt. <c>maxRetries: N</c> is N+1 attempts and an omitted or negative one is no
/// limit (pkg/resiliency/policy.go <c>NewRunnerWithOptions</c>, dapr/kit retry
/// <c>DefaultConfig</c>); <c>constant</c> waits <c>duration</c> between attempts,
/// <c>exponential</c> starts at 500 ms and grows 1.5 times up to <c>maxInterval</c>. The inbound
/// timeout bounds each attempt.
/// </summary>
public sealed record DeliveryPolicy(int? MaxAttempts, bool Exponential, TimeSpan Duration, TimeSpan MaxInterval, TimeSpan? AttemptTimeout)
{
    public static readonly DeliveryPolicy Unbounded = new(null, false, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60), null);

    /// <summary>One attempt, daprd's behaviour when no inbound policy names the component.</summary>
    public static readonly DeliveryPolicy Once = new(1, false, TimeSpan.Zero, TimeSpan.Zero, null);

    public TimeSpan DelayBefore(int attempt) => Exponential
        ? TimeSpan.FromMilliseconds(Math.Min(500 * Math.Pow(1.5, attempt - 2), MaxInterval.TotalMilliseconds))
        : Duration;

    internal static DeliveryPolicy From(YamlMappingNode? resiliency, IEnumerable<string> pubsubs)
    {
        var inbound = pubsubs
            .Select(name => resiliency?.Children.TryGetValue(new YamlScalarNode("spec"), out var spec) == true ? (Spec: spec, Name: name) : default)
            .Where(x => x.Spec is not null)
            .Select(x => (x.Spec, Retry: DaprResources.Text(x.Spec, "targets", "components", x.Name, "inbound", "retry"), Timeout: DaprResources.Text(x.Spec, "targets", "components", x.Name, "inbound", "timeout")))
            .FirstOrDefault(x => x.Retry is not null);
        if (inbound.Retry is null)
        {
            return Once;
        }

        var retry = new[] { "policies", "retries", inbound.Retry };
        var maxRetries = DaprResources.Text(inbound.Spec, [.. retry, "maxRetries"]) is { } text ? int.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : -1;
        return new DeliveryPolicy(
            maxRetries < 0 ? null : maxRetries + 1,
            DaprResources.Text(inbound.Spec, [.. retry, "policy"]) == "exponential",
            ParseDuration(DaprResources.Text(inbound.Spec, [.. retry, "duration"])) ?? TimeSpan.FromSeconds(1),
            ParseDuration(DaprResources.Text(inbound.Spec, [.. retry, "maxInterval"])) ?? TimeSpan.FromSeconds(60),
            inbound.Timeout is null ? null : ParseDuration(DaprResources.Text(inbound.Spec, "policies", "timeouts", inbound.Timeout)));
    }

    /// <summary>Go durations as the resiliency spec writes them ("200ms", "5s", "1m").</summary>
    internal static TimeSpan? ParseDuration(string? text) => text switch
    {
        null => null,
        _ when text.EndsWith("ms", StringComparison.Ordinal) => TimeSpan.FromMilliseconds(double.Parse(text[..^2], System.Globalization.CultureInfo.InvariantCulture)),
        _ when text.EndsWith('s') => TimeSpan.FromSeconds(double.Parse(text[..^1], System.Globalization.CultureInfo.InvariantCulture)),
        _ when text.EndsWith('m') => TimeSpan.FromMinutes(double.Parse(text[..^1], System.Globalization.CultureInfo.InvariantCulture)),
        _ => throw new FormatException($"Unsupported duration '{text}'."),
    };
}
