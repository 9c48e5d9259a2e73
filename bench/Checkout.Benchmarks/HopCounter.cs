using System.Diagnostics.Metrics;

namespace Checkout.Benchmarks;

/// <summary>
/// Counts the requests every server of this process answers, from ASP.NET Core's own
/// <c>http.server.request.duration</c> (one measurement per request): HTTP/1.1 requests are
/// the BFF's REST calls, HTTP/2 ones the mesh's gRPC calls. Counts only while
/// <see cref="Counting"/> is on, so the floors measured in the same process are left out.
/// </summary>
public sealed class HopCounter : IDisposable
{
    private readonly MeterListener _listener = new();
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
        _listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            if (!Counting)
            {
                return;
            }

            foreach (var tag in tags)
            {
                if (tag.Key == "network.protocol.version")
                {
                    if (tag.Value as string == "2")
                    {
                        Interlocked.Increment(ref _grpc);
                    }
                    else
                    {
                        Interlocked.Increment(ref _rest);
                    }

                    return;
                }
            }
        });
        _listener.Start();
    }

    public bool Counting { get; set; }

    /// <summary>The counts so far, and zero from now on.</summary>
    public (long Http1, long Grpc) Take() => (Interlocked.Exchange(ref _rest, 0), Interlocked.Exchange(ref _grpc, 0));

    public void Dispose() => _listener.Dispose();
}
