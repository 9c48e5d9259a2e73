using System.Reflection;
using Grpc.AspNetCore.HealthChecks;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Checkout.Platform.Hosting;

/// <summary>
/// The gRPC services an app serves, by their full protobuf names. Each is mapped through
/// <see cref="DomainServiceMapping.MapDomainService{TService}"/>, which also answers grpc.health.v1 for that
/// name (a client in any language checks <c>checkout.cart.v1.CartService</c>, not only the
/// server as a whole) with the app's own health checks.
/// </summary>
public sealed class DomainServices
{
    private readonly List<string> _names = [];

    public IReadOnlyList<string> Names => _names;

    internal void Add(string name) => _names.Add(name);

    /// <summary>The full name of the service a generated <c>*Base</c> class implements, from its binding attribute.</summary>
    public static string NameOf(Type implementation)
    {
        for (var type = implementation; type is not null; type = type.BaseType)
        {
            if (type.GetCustomAttribute<BindServiceMethodAttribute>() is { } binding)
            {
                var descriptor = binding.BindType.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static)?.GetValue(null) as Google.Protobuf.Reflection.ServiceDescriptor;
                return descriptor?.FullName ?? throw new InvalidOperationException($"{binding.BindType} has no service descriptor.");
            }
        }

        throw new InvalidOperationException($"{implementation} is not a generated gRPC service.");
    }

    /// <summary>Health for each mapped name; runs when the health service first needs its options, after every service is mapped.</summary>
    internal sealed class HealthPerService(DomainServices services) : IConfigureOptions<GrpcHealthChecksOptions>
    {
        public void Configure(GrpcHealthChecksOptions options)
        {
            foreach (var name in services.Names)
            {
                options.Services.Map(name, _ => true);
            }
        }
    }
}

public static class DomainServiceMapping
{
    public static GrpcServiceEndpointConventionBuilder MapDomainService<TService>(this WebApplication app)
        where TService : class
    {
        app.Services.GetRequiredService<DomainServices>().Add(DomainServices.NameOf(typeof(TService)));
        return app.MapGrpcService<TService>();
    }
}
