using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Checkout.Platform.Hosting;

/// <summary>
/// Work an app does once when it starts, before it takes calls (seeding demo data). Hosted
/// services start one after another in the order they were registered, and the web server
/// after all of them, so a task registered by the app runs after the state checks that
/// <see cref="ServiceHost.CreateBuilder"/> registers first.
/// </summary>
public sealed class StartupTask(IServiceProvider services, Func<IServiceProvider, CancellationToken, Task> work) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => work(services, cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public static class StartupTaskRegistration
{
    public static IServiceCollection AddStartupTask(this IServiceCollection services, Func<IServiceProvider, CancellationToken, Task> work) =>
        services.AddHostedService(provider => new StartupTask(provider, work));
}
