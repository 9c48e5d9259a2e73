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
    ];

    private static readonly Type[] ReadOnlyCollections =
    [
        typeof(IReadOnlyList<>), typeof(IReadOnlyCollection<>), typeof(IEnumerable<>), typeof(IReadOnlyDictionary<,>),
    ];

    [Fact]
    public void Every_record_of_the_services_that_claims_to_be_immutable_is()
    {
        var claims = typeof(ImmutableStateTests).Assembly.GetReferencedAssemblies()
            .Where(name => name.Name!.StartsWith("Checkout.", StringComparison.Ordinal))
            .SelectMany(name => Assembly.Load(name).GetTypes())
            .Where(type => type.IsClass && typeof(IImmutableState).IsAssignableFrom(type))
            .ToList();

        Assert.Contains(typeof(Checkout.Cart.CartRecord), claims);
        Assert.All(claims, type => Assert.Empty(WhatCanChange(type)));
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
