using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace Checkout.Benchmarks;

/// <summary>
/// Counts the requests every server of this process answers, from ASP.NET Core's own
/// <c>http.server.request.duration</c> (one measurement per request): HTTP/1.1 requests are
/// the BFF's REST calls, HTTP/2 ones the mesh's gRPC calls. Counts only while
/// <see cref="Counting"/> is on, so the floors measured in the same process are left out.
/// It also sums the gRPC calls' durations per service: over the counted seconds, that is how
/// many calls each service had in flight on average (Little's law), the concurrency its
/// connection carries, where the echo floor's callers keep eight in flight on one.
/// </summary>
public sealed class HopCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, StrongBox<long>> _microsecondsByRoute = new(StringComparer.Ordinal);
    private long _rest;
    private long _grpc;

    public HopCounter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Microsoft.AspNetCore.Hosting" && instrument.Name == "http.server.request.duration")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((_, seconds, tags, _) =>
        {
            if (!Counting)
            {
                return;
            }

            var (version, route) = ((string?)null, (string?)null);
            foreach (var tag in tags)
            {
                if (tag.Key == "network.protocol.version")
                {
                    version = tag.Value as string;
                }
                else if (tag.Key == "http.route")
                {
                    route = tag.Value as string;
                }
            }

            if (version is null)
            {
                return;
            }

            if (version != "2")
            {
                Interlocked.Increment(ref _rest);
                return;
            }

            Interlocked.Increment(ref _grpc);
            // Keyed by the route (the same string for every call of a method): nothing allocated per call.
            Interlocked.Add(ref _microsecondsByRoute.GetOrAdd(route ?? "", static _ => new StrongBox<long>()).Value, (long)(seconds * 1e6));
        });
        _listener.Start();
    }

    public bool Counting { get; set; }

    /// <summary>
    /// The counts so far, and the seconds the gRPC calls took summed per service (the route's
    /// first segment, <c>/checkout.cart.v1.CartService/AddItem</c> → <c>checkout.cart.v1.CartService</c>);
    /// zero from now on.
    /// </summary>
    public (long Http1, long Grpc, IReadOnlyDictionary<string, double> GrpcSecondsByService) Take()
    {
        var byService = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (route, microseconds) in _microsecondsByRoute)
        {
            var service = route.TrimStart('/').Split('/')[0];
            byService[service] = byService.GetValueOrDefault(service) + (Interlocked.Exchange(ref microseconds.Value, 0) / 1e6);
        }

        return (Interlocked.Exchange(ref _rest, 0), Interlocked.Exchange(ref _grpc, 0), byService);
    }

    public void Dispose() => _listener.Dispose();
}
