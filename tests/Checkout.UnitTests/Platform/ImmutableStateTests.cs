using System.Reflection;
using System.Runtime.CompilerServices;
using Checkout.Platform.State;

namespace Checkout.UnitTests.Platform;

/// <summary>
/// Reads share one decoded instance of an <see cref="IImmutableState"/> record, so no record
/// may claim it that a reader could change: every property init-only, of a type that cannot
/// change either.
/// </summary>
public sealed class ImmutableStateTests
{
    private static readonly Type[] ImmutableValues =
    [
        typeof(string), typeof(bool), typeof(int), typeof(long), typeof(decimal), typeof(double),
        typeof(DateTimeOffset), typeof(DateTime), typeof(TimeSpan), typeof(Guid),

        // A JsonElement the serializer gives is a copy of its own, read-only document.
        typeof(System.Text.Json.JsonElement),
    ];

    private static readonly Type[] ReadOnlyCollections =
    [
        typeof(IReadOnlyList<>), typeof(IReadOnlyCollection<>), typeof(IEnumerable<>), typeof(IReadOnlyDictionary<,>),
    ];

    [Fact]
    public void Every_record_of_the_services_that_claims_to_be_immutable_is()
    {
        var claims = Claims();
        Assert.Contains(typeof(Checkout.Cart.CartRecord), claims);
        Assert.All(claims, type => Assert.Empty(WhatCanChange(type)));
    }

    // Every Checkout assembly beside the tests, not only those whose types the tests name.
    private static List<Type> Claims() => [.. Directory.GetFiles(AppContext.BaseDirectory, "Checkout.*.dll")
        .Select(file => AssemblyName.GetAssemblyName(file))
        .Where(name => name.Name != typeof(ImmutableStateTests).Assembly.GetName().Name)
        .SelectMany(name => Assembly.Load(name).GetTypes())
        .Where(type => type.IsClass && typeof(IImmutableState).IsAssignableFrom(type))];

    private static List<string> Differences(string path, object? expected, object? actual)
    {
        if (expected is null || actual is null)
        {
            return expected == actual ? [] : [path];
        }

        var type = expected.GetType();
        if (expected is System.Text.Json.JsonElement element)
        {
            return element.GetRawText() == ((System.Text.Json.JsonElement)actual).GetRawText() ? [] : [path];
        }

        if (expected is System.Collections.IDictionary dictionary)
        {
            var other = (System.Collections.IDictionary)actual;
            return dictionary.Count != other.Count
                ? [path]
                : [.. dictionary.Keys.Cast<object>().SelectMany(key => other.Contains(key) ? Differences($"{path}[{key}]", dictionary[key], other[key]) : [path])];
        }

        if (expected is System.Collections.IEnumerable items and not string)
        {
            var mine = items.Cast<object?>().ToList();
            var theirs = ((System.Collections.IEnumerable)actual).Cast<object?>().ToList();
            return mine.Count != theirs.Count ? [path] : [.. mine.Zip(theirs).SelectMany((pair, i) => Differences($"{path}[{i}]", pair.First, pair.Second))];
        }

        if (typeof(IImmutableState).IsAssignableFrom(type))
        {
            return [.. type.GetProperties(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance)
                .Where(property => property.Name != "EqualityContract" && property.GetIndexParameters().Length == 0)
                .SelectMany(property => Differences($"{path}.{property.Name}", property.GetValue(expected), property.GetValue(actual)))];
        }

        return expected.Equals(actual) && (expected is not DateTimeOffset time || time.Offset == ((DateTimeOffset)actual).Offset) ? [] : [path];
    }

    /// <summary>
    /// A read after a write gets the very instance written, and a read after a restart what
    /// its JSON decodes to: the two must hold the same, so no property may be left out of the
    /// JSON or come back changed. Each claim is filled with values unlike any default (a time
    /// with an offset and ticks, the last value of an enum, a list of one) and compared,
    /// property by property, with what its JSON decodes to.
    /// </summary>
    [Fact]
    public void Every_record_that_claims_to_be_immutable_decodes_from_its_json_to_what_it_holds()
    {
        var claims = Claims();
        Assert.Contains(typeof(Checkout.Inventory.StockRecord), claims);
        Assert.All(claims, type =>
        {
            var value = new Samples().Of(type);
            var decoded = System.Text.Json.JsonSerializer.Deserialize(JsonStateExtensions.Serialize(value), type, JsonStateExtensions.Options)!;
            Assert.Empty(Differences(type.Name, value, decoded));
        });
    }

    [Fact]
    public void The_json_check_finds_a_property_left_out_of_the_json()
    {
        var value = new Samples().Of(typeof(LeftOut));
        var decoded = System.Text.Json.JsonSerializer.Deserialize<LeftOut>(JsonStateExtensions.Serialize(value), JsonStateExtensions.Options)!;
        Assert.Equal(["LeftOut.Hidden"], Differences(nameof(LeftOut), value, decoded));
    }

    [Fact]
    public void The_check_finds_a_settable_property_a_mutable_collection_and_a_public_field()
    {
        Assert.Equal(["Settable", "Lines", "Field"], WhatCanChange(typeof(Changeable)));
    }

    private static List<string> WhatCanChange(Type type)
    {
        var found = new List<string>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.DeclaredOnly))
        {
            var setter = property.SetMethod;
            var initOnly = setter?.ReturnParameter.GetRequiredCustomModifiers().Contains(typeof(IsExternalInit)) ?? true;
            // The compiler's EqualityContract of a record is get-only and names the type.
            if (!initOnly || (property.Name != "EqualityContract" && !Immutable(property.PropertyType)))
            {
                found.Add(property.Name);
            }
        }

        found.AddRange(type.GetFields(BindingFlags.Public | BindingFlags.Instance).Select(field => field.Name));
        return found;
    }

    private static bool Immutable(Type type)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            return Immutable(underlying);
        }

        if (type.IsEnum || ImmutableValues.Contains(type) || (type.IsClass && typeof(IImmutableState).IsAssignableFrom(type)))
        {
            return true;
        }

        return type.IsGenericType && ReadOnlyCollections.Contains(type.GetGenericTypeDefinition()) && type.GetGenericArguments().All(Immutable);
    }

    /// <summary>Values unlike any default, each one different, for every property of a claim.</summary>
    private sealed class Samples
    {
        private int _next;

        public object Of(Type type)
        {
            var n = ++_next;
            if (Nullable.GetUnderlyingType(type) is { } underlying)
            {
                return Of(underlying);
            }

            if (type.IsEnum)
            {
                return Enum.GetValues(type).Cast<object>().Last();
            }

            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>))
            {
                var dictionary = (System.Collections.IDictionary)Activator.CreateInstance(typeof(Dictionary<,>).MakeGenericType(type.GetGenericArguments()))!;
                dictionary.Add(Of(type.GetGenericArguments()[0]), Of(type.GetGenericArguments()[1]));
                return dictionary;
            }

            if (type.IsGenericType && ReadOnlyCollections.Contains(type.GetGenericTypeDefinition()))
            {
                var list = (System.Collections.IList)Activator.CreateInstance(typeof(List<>).MakeGenericType(type.GetGenericArguments()))!;
                list.Add(Of(type.GetGenericArguments()[0]));
                return list;
            }

            return type switch
            {
                _ when type == typeof(string) => $"s{n}",
                _ when type == typeof(bool) => true,
                _ when type == typeof(int) => n,
                _ when type == typeof(long) => 10_000_000_000L + n,
                _ when type == typeof(decimal) => n + 0.25m,
                _ when type == typeof(double) => n + 0.5,
                _ when type == typeof(DateTimeOffset) => new DateTimeOffset(2026, 11, 28, 10, 20, n % 60, TimeSpan.FromHours(2)).AddTicks(1234567),
                _ when type == typeof(DateTime) => new DateTime(2026, 11, 28, 10, 20, n % 60, DateTimeKind.Utc).AddTicks(1234567),
                _ when type == typeof(TimeSpan) => TimeSpan.FromTicks(12_345_678 + n),
                _ when type == typeof(Guid) => new Guid(n, 1, 2, [3, 4, 5, 6, 7, 8, 9, 10]),
                _ when type == typeof(System.Text.Json.JsonElement) => System.Text.Json.JsonSerializer.SerializeToElement(new { n, text = "é" }),
                _ => Record(type),
            };
        }

        // The widest constructor (a positional record's), then every settable property it left.
        private object Record(Type type)
        {
            var constructor = type.GetConstructors().OrderByDescending(c => c.GetParameters().Length).First();
            var value = constructor.Invoke([.. constructor.GetParameters().Select(parameter => Of(parameter.ParameterType))]);
            var filled = constructor.GetParameters().Select(parameter => parameter.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var property in type.GetProperties().Where(property => property.SetMethod is { IsPublic: true } && !filled.Contains(property.Name)))
            {
                property.SetValue(value, Of(property.PropertyType));
            }

            return value;
        }
    }

    private sealed record LeftOut(string Shown, [property: System.Text.Json.Serialization.JsonIgnore] string Hidden) : IImmutableState;

    private sealed class Changeable : IImmutableState
    {
#pragma warning disable CA1051, SA1401 // The check must find a public field.
        public string Field = string.Empty;
#pragma warning restore CA1051, SA1401

        public string Settable { get; set; } = string.Empty;

        public List<string> Lines { get; init; } = [];

        public IReadOnlyList<string> Fine { get; init; } = [];
    }
}
