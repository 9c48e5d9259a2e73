using Checkout.Platform.Events;
using Checkout.Platform.State;
using Checkout.Platform.Telemetry;
using Dapr.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace Checkout.Platform.Hosting;

/// <summary>Hosting defaults every domain service shares: gRPC on h2c, health checks, and the seams' adapters.</summary>
public static class ServiceHost
{
    public const string DataDirectoryKey = "Checkout:DataDirectory";
    public const string DaprStateStoreKey = "Checkout:Dapr:StateStore";
    public const string DaprPubSubKey = "Checkout:Dapr:PubSub";

    /// <summary>
    /// Serve gRPC server reflection (grpc.reflection v1 and v1alpha). Off unless set: it lists
    /// every RPC, the administrative ones too, to anyone who reaches a service port. The
    /// standalone runner and the run files turn it on for development.
    /// </summary>
    public const string GrpcReflectionKey = "Checkout:GrpcReflection";

    /// <summary>
    /// The HTTP/1.1 port of what a service serves to callers outside the mesh: only Payment has
    /// one, for the simulated gateway's card tokenization, which a browser calls directly.
    /// </summary>
    public const string PublicPortKey = "Checkout:PublicPort";

    /// <summary>The grpc.health.v1 service name of liveness (a Kubernetes gRPC probe's <c>service</c>).</summary>
    public const string LivenessService = "liveness";

    /// <summary>A domain service: gRPC on an HTTP/2-only endpoint, health checks, state and events.</summary>
    public static WebApplicationBuilder CreateBuilder(string appId, string[] args, HostOverrides? overrides)
    {
        overrides ??= new HostOverrides();
        var builder = CreateWebBuilder(appId, args, overrides);

        // gRPC without TLS needs an HTTP/2-only endpoint (prior knowledge h2c); a Prometheus
        // scraper and a browser speak HTTP/1.1, so /metrics and a service's public endpoint
        // (PublicPortKey) get listeners of their own.
        int[] http1Ports = [.. new[] { TelemetryHosting.MetricsPortKey, PublicPortKey }.Select(key => builder.Configuration.GetValue<int?>(key)).OfType<int>()];
        if (http1Ports.Length > 0)
        {
            var appUrl = new Uri(builder.Configuration["urls"]!.Split(';')[0]);
            builder.WebHost.UseUrls([builder.Configuration["urls"]!, .. http1Ports.Select(port => $"http://{appUrl.Host}:{port}")]);
        }

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen =>
            listen.Protocols = listen.IPEndPoint is { } endpoint && http1Ports.Contains(endpoint.Port) ? HttpProtocols.Http1 : HttpProtocols.Http2));
        var latency = builder.Configuration.GetValue<int>(LatencyInjectionInterceptor.ConfigurationKey);
        var appToken = AppApiToken.Of(builder.Configuration);
        builder.Services.AddGrpc(options =>
        {
            if (appToken is not null)
            {
                // First: a call that is not from the sidecar goes no further.
                options.Interceptors.Add<AppApiToken.Interceptor>(appToken);
            }

            options.Interceptors.Add<Errors.ErrorMappingInterceptor>();
            if (latency > 0)
            {
                options.Interceptors.Add<LatencyInjectionInterceptor>(TimeSpan.FromMilliseconds(latency));
            }
        });
        builder.Services.AddGrpcReflection();
        builder.Services.AddSingleton<DomainServices>();
        builder.Services.AddSingleton<Microsoft.Extensions.Options.IConfigureOptions<Grpc.AspNetCore.HealthChecks.GrpcHealthChecksOptions>, DomainServices.HealthPerService>();
        // Readiness ("" and each service's name): the state store and every service this one
        // calls. Liveness ("liveness"): the process answers; no dependency may restart it.
        builder.Services.AddGrpcHealthChecks(health =>
        {
            health.Services.Map(string.Empty, _ => true);
            health.Services.Map(LivenessService, check => check.Tags.Contains(LivenessService));
        })
            .AddCheck("self", () => HealthCheckResult.Healthy(), tags: [LivenessService])
            .AddCheck<StateStoreHealthCheck>("state-store", tags: [Calls.ServiceClientRegistration.ReadinessTag]);
        builder.Services.AddCheckoutState(builder.Configuration, appId);
        builder.Services.AddCheckoutEvents(builder.Configuration, overrides.EventBus);
        return builder;
    }

    /// <summary>What every app shares, the BFF included: configuration, its loopback address and the clock.</summary>
    public static WebApplicationBuilder CreateWebBuilder(string appId, string[] args, HostOverrides? overrides)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args });
        overrides ??= new HostOverrides();
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Memory.MemoryConfigurationSource { InitialData = overrides.Defaults });
        builder.Configuration.AddInMemoryCollection(overrides.Configuration);

        if (string.IsNullOrEmpty(builder.Configuration["urls"]))
        {
            // daprd tells the app the port it expects through APP_PORT.
            var port = builder.Configuration["APP_PORT"] is { Length: > 0 } appPort ? appPort : AppIds.DefaultPorts[appId].ToString(System.Globalization.CultureInfo.InvariantCulture);
            builder.Configuration["urls"] = $"http://127.0.0.1:{port}";
        }

        // One line per entry, with the time and the scopes, the trace and span ids among them
        // (the traceId an API error shows leads to these lines); Logging__Console__FormatterName=json
        // writes the same as JSON. The formatter is named: without a name the console logger
        // takes its obsolete options instead of these.
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(console => console.FormatterName ??= Microsoft.Extensions.Logging.Console.ConsoleFormatterNames.Simple);
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.SimpleConsoleFormatterOptions>(console =>
        {
            console.SingleLine = true;
            console.IncludeScopes = true;
            console.UseUtcTimestamp = true;
            console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        });
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.JsonConsoleFormatterOptions>(console =>
        {
            console.IncludeScopes = true;
            console.UseUtcTimestamp = true;
            console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
        });
        var identity = new ServiceIdentity(appId);
        builder.AddCheckoutTelemetry(identity, overrides.Telemetry);
        builder.Services.TryAddSingleton<EventMetrics>();
        builder.Services.AddSingleton(overrides.TimeProvider ?? TimeProvider.System);
        builder.Services.AddSingleton(identity);
        return builder;
    }

    /// <summary>
    /// Maps the standard gRPC health service (grpc.health.v1.Health), server reflection when
    /// <see cref="GrpcReflectionKey"/> is on (grpc.reflection.v1 and v1alpha, so grpcurl and
    /// Postman discover the contract), and the app's event
    /// subscriptions: under Dapr the AppCallback service daprd calls; on the embedded
    /// default a subscription to the in-process bus, made before any app starts so no event
    /// is published to a topic nobody listens to yet.
    /// </summary>
    public static WebApplication MapServiceDefaults(this WebApplication app)
    {
        app.MapGrpcHealthChecksService();
        app.MapCheckoutMetrics(grpcOnly: true);
        if (app.Configuration.GetValue<bool>(GrpcReflectionKey))
        {
            app.MapGrpcReflectionService();
        }
        var consumers = app.Services.GetServices<IEventConsumer>().ToList();
        if (consumers.Count > 0)
        {
            // What the consumers gave up on, kept in the app's state: listed and replayed here.
            app.MapGrpcService<DeadLetterGrpcService>();
        }

        if (app.Configuration.GetCheckoutMode() == CheckoutMode.Dapr)
        {
            // daprd reaches a gRPC app's subscriptions through the AppCallback service on the app port.
            app.MapGrpcService<DaprTopicSubscriptions>();
        }
        else
        {
            var bus = app.Services.GetRequiredService<InProcessEventBus>();
            var appId = app.Services.GetRequiredService<ServiceIdentity>().AppId;
            var deadLetters = app.Services.GetRequiredService<DeadLetterStore>();
            foreach (var handler in consumers)
            {
                bus.Subscribe(appId, handler, deadLetters.AddAsync);
            }
        }

        return app;
    }

    /// <summary>Registers an event handler of this app (subscribed by <see cref="MapServiceDefaults"/>).</summary>
    public static IServiceCollection AddEventConsumer<THandler>(this IServiceCollection services)
        where THandler : class, IEventConsumer
    {
        services.TryAddSingleton<THandler>();
        return services.AddSingleton<IEventConsumer>(provider => Observed(provider, provider.GetRequiredService<THandler>()));
    }

    /// <summary><paramref name="consumer"/> as the app's buses reach it: traced, logged and counted.</summary>
    public static IEventConsumer Observed(IServiceProvider provider, IEventConsumer consumer) => new ObservedConsumer(
        consumer,
        provider.GetRequiredService<ServiceIdentity>(),
        provider.GetRequiredService<EventMetrics>(),
        provider.GetRequiredService<ILogger<ObservedConsumer>>());

    /// <summary>The transactional outbox and its dispatcher, for apps that publish events.</summary>
    public static IServiceCollection AddOutbox(this IServiceCollection services)
    {
        services.TryAddSingleton<OutboxDispatcher>();
        services.AddHostedService(provider => provider.GetRequiredService<OutboxDispatcher>());
        services.TryAddSingleton<Outbox>();
        return services;
    }

    public static IServiceCollection AddCheckoutState(this IServiceCollection services, IConfiguration configuration, string appId)
    {
        services.TryAddSingleton<DeadLetterStore>();
        if (configuration.GetCheckoutMode() == CheckoutMode.Dapr)
        {
            services.AddCheckoutDaprClient(configuration);
            services.TryAddSingleton(provider => new DaprStateStore(
                provider.GetRequiredService<DaprClient>(),
                configuration[DaprStateStoreKey] ?? "statestore"));
            services.TryAddSingleton<IStateStore>(provider => provider.GetRequiredService<DaprStateStore>());
            // Registered before anything an app adds, so it runs before any startup task touches state.
            services.AddHostedService<DaprStateStoreCheck>();
            return services;
        }

        var directory = configuration[DataDirectoryKey] ?? ".data";
        services.TryAddSingleton<StateMetrics>();
        services.TryAddSingleton<IStateStore>(provider => new SqliteStateStore(
            Path.Combine(directory, $"{appId}.db"),
            provider.GetRequiredService<TimeProvider>(),
            metrics: provider.GetRequiredService<StateMetrics>()));
        return services;
    }

    public static IServiceCollection AddCheckoutEvents(this IServiceCollection services, IConfiguration configuration, InProcessEventBus? sharedBus)
    {
        if (configuration.GetCheckoutMode() == CheckoutMode.Dapr)
        {
            services.AddCheckoutDaprClient(configuration);
            services.TryAddSingleton<IEventPublisher>(provider => new DaprEventPublisher(
                provider.GetRequiredService<DaprClient>(),
                configuration[DaprPubSubKey] ?? "pubsub"));
            return services;
        }

        if (sharedBus is not null)
        {
            services.TryAddSingleton(sharedBus);
        }
        else
        {
            // Retries wait on real time, not business time (a test's clock must not stall them).
            services.TryAddSingleton(provider => new InProcessEventBus(
                provider.GetRequiredService<ILogger<InProcessEventBus>>(),
                TimeProvider.System));
        }

        services.TryAddSingleton<IEventPublisher>(provider => provider.GetRequiredService<InProcessEventBus>());
        return services;
    }

    private static void AddCheckoutDaprClient(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(DaprClient)))
        {
            return;
        }

        services.AddSingleton(_ => new DaprClientBuilder()
            .UseGrpcEndpoint(configuration.DaprGrpcEndpoint())
            .UseDaprApiToken(configuration["DAPR_API_TOKEN"])
            .Build());
    }
}
