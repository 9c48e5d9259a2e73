using Checkout.Platform.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Checkout.IntegrationTests;

/// <summary>How the standalone runner configures the apps it hosts.</summary>
[Collection(MeshCollection.Name)]
public sealed class RunnerConfigurationTests(MeshFixture mesh)
{
    /// <summary>
    /// A watched settings file watches the whole working directory, the data directory too when
    /// it lies under it (the runner's default): every state write would wake thirteen watchers.
    /// </summary>
    [Fact]
    public void No_app_of_the_runner_watches_its_settings_files()
    {
        foreach (var appId in AppIds.DefaultPorts.Keys)
        {
            var configuration = (IConfigurationRoot)mesh.Mesh.Services(appId).GetRequiredService<IConfiguration>();
            var files = configuration.Providers.OfType<FileConfigurationProvider>().ToList();

            Assert.NotEmpty(files);
            Assert.All(files, file => Assert.False(file.Source.ReloadOnChange, $"{appId} watches {file.Source.Path}"));
        }
    }
}
