using System.Diagnostics;
using Checkout.Platform.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Checkout.Platform.Telemetry;

/// <summary>
/// OpenTelemetry for every app, both modes: traces (requests, gRPC calls, the domain spans of
/// <see cref="CheckoutTelemetry.Source"/>), metrics served for Prometheus, and logs that carry
/// the trace and span ids. With <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> set, all three also go to
/// that collector; in a process hosting several apps, spans are also kept in
/// <see cref="RecentTraces"/> for the BFF's development waterfall.
/// </summary>
public static class TelemetryHosting
{
    /// <summary>The standard variable naming the user's collector (read from the environment, as every OpenTelemetry SDK does).</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// The port of a domain service's plain-HTTP listener for <c>/metrics</c>: its own port
    /// speaks HTTP/2 only (gRPC without TLS), which a Prometheus scraper does not.
    /// </summary>
    public const string MetricsPortKey = "Checkout:MetricsPort";

    public const string MetricsPath = "/metrics";

    /// <summary>The sources the ASP.NET Core and gRPC client instrumentations add (OpenTelemetry.Instrumentation.AspNetCore and .GrpcNetClient 1.20).</summary>
    private const string AspNetCoreSpans = "Microsoft.AspNetCore";
    private const string GrpcClientSpans = "OpenTelemetry.Instrumentation.GrpcNetClient";
    private const string GrpcClientLegacySpans = "Grpc.Net.Client.GrpcOut";

    public static void AddCheckoutTelemetry(this WebApplicationBuilder builder, ServiceIdentity identity, ProcessTelemetry? shared)
    {
        var appId = identity.AppId;
        // Every log line written while a span is current carries its trace and span ids.
        builder.Logging.Configure(options => options.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        builder.Services.AddSingleton<AppMeter>();
        builder.Services.AddSingleton<IStartupFilter, AppScopeStartupFilter>();
        if (shared is not null)
        {
            shared.Add(identity);
            builder.Services.AddSingleton(shared);
            builder.Services.AddSingleton(shared.Traces);
        }

        var otlp = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(OtlpEndpointVariable));
        var lead = shared is null || shared.LeadApp == appId;
        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(appId, serviceNamespace: "checkout"));

        // In a shared process with no collector, the lead app's provider keeps every app's
        // spans (ProcessSpans); the others need none. With a collector, each app exports its
        // own under its own service name, so each has a provider.
        if (lead || otlp)
        {
            telemetry.WithTracing(tracing =>
            {
                tracing.AddSource(CheckoutTelemetry.SourceName);
                if (lead)
                {
                    tracing.AddAspNetCoreInstrumentation(options => options.Filter = context => !IsPlumbing(context.Request.Path.Value))
                        .AddGrpcClientInstrumentation(options => options.Filter = request => !IsPlumbing(request.RequestUri?.AbsolutePath));
                }
                else
                {
                    // The instrumentations subscribe to process-wide diagnostic listeners: added
                    // to every app of a shared process, each would tag every request and call of
                    // all of them again (thirteen times, under the span's lock). The lead app's
                    // tag them once; the others only listen to the same spans, to export their own.
                    tracing.AddSource(AspNetCoreSpans).AddSource(GrpcClientSpans).AddLegacySource(GrpcClientLegacySpans);
                }

                if (shared is not null && !otlp)
                {
                    tracing.AddProcessor(new ProcessSpans(shared));
                }
                else if (otlp)
                {
                    var export = new BatchActivityExportProcessor(new OtlpTraceExporter(new OtlpExporterOptions()));
                    tracing.AddProcessor(shared is null ? export : new OwnedSpans(identity, [RecentTraces.ProcessorFor(shared.Traces, appId), export]));
                }
            });
        }

        // Meters are process-wide: in a shared process one app's provider reads them all.
        if (lead)
        {
            builder.Services.AddSingleton(new MetricsServed());
            telemetry.WithMetrics(metrics =>
            {
                metrics.AddMeter(CheckoutTelemetry.MeterName, "Microsoft.AspNetCore.Hosting")
                    // Every scrape reads the counters now (the exporter caches 300 ms by default).
                    .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0);
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            });
        }

        if (otlp)
        {
            builder.Logging.AddOpenTelemetry(logging =>
            {
                logging.IncludeScopes = true;
                logging.IncludeFormattedMessage = true;
                logging.AddOtlpExporter();
            });
        }
    }

    /// <summary>
    /// Serves <c>/metrics</c> if this app collects metrics: on the app's own port for an
    /// HTTP/1.1 app (the BFF), on <see cref="MetricsPortKey"/> for a gRPC-only one.
    /// </summary>
    public static void MapCheckoutMetrics(this WebApplication app, bool grpcOnly)
    {
        if (app.Services.GetService<MetricsServed>() is null)
        {
            return;
        }

        if (!grpcOnly)
        {
            app.MapPrometheusScrapingEndpoint(MetricsPath);
            return;
        }

        if (app.Configuration.GetValue<int?>(MetricsPortKey) is { } port)
        {
            app.UseListenerPaths(port, MetricsPath);
            app.MapPrometheusScrapingEndpoint(MetricsPath);
        }
    }

    /// <summary>Health probes, scrapes and the development trace pages are not traced: they would bury the checkouts.</summary>
    private static bool IsPlumbing(string? path) =>
        path is not null && (path.StartsWith("/grpc.health.v1.Health/", StringComparison.Ordinal)
            || path.StartsWith("/grpc.reflection.", StringComparison.Ordinal)
            || path is MetricsPath or "/healthz" or "/alive"
            || path.StartsWith("/dev/traces", StringComparison.Ordinal));

    /// <summary>Marks this app's metrics provider as present (only then is <c>/metrics</c> served).</summary>
    private sealed class MetricsServed;

    /// <summary>Before any of the app's middleware: the request's work and its span belong to this app.</summary>
    private sealed class AppScopeStartupFilter(ServiceIdentity identity) : IStartupFilter
    {
        private readonly KeyValuePair<string, object?> _appTag = new(CheckoutTelemetry.AppTag, identity.AppId);

        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                AppScope.Enter(identity);
                OwnedSpans.Claim(Activity.Current, identity);
                context.Features.Get<IHttpMetricsTagsFeature>()?.Tags.Add(_appTag);
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}
