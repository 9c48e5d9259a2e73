using Checkout.Platform.Hosting;

namespace Checkout.UnitTests.Platform;

public sealed class HostOverridesTests
{
    [Fact]
    public void The_environment_and_the_command_line_win_over_a_hosts_defaults_and_its_fixed_settings_win_over_both()
    {
        Environment.SetEnvironmentVariable("CheckoutHostOverridesTest__FromEnvironment", "environment");
        try
        {
            var builder = ServiceHost.CreateWebBuilder(AppIds.Catalog, ["--CheckoutHostOverridesTest:FromCommandLine=command line"], new HostOverrides
            {
                Defaults = new Dictionary<string, string?>
                {
                    ["CheckoutHostOverridesTest:FromEnvironment"] = "default",
                    ["CheckoutHostOverridesTest:FromCommandLine"] = "default",
                    ["CheckoutHostOverridesTest:OnlyDefault"] = "default",
                },
                Configuration = new Dictionary<string, string?> { ["CheckoutHostOverridesTest:FromCommandLine"] = "fixed" },
            });

            Assert.Equal("environment", builder.Configuration["CheckoutHostOverridesTest:FromEnvironment"]);
            Assert.Equal("fixed", builder.Configuration["CheckoutHostOverridesTest:FromCommandLine"]);
            Assert.Equal("default", builder.Configuration["CheckoutHostOverridesTest:OnlyDefault"]);
        }
        finally
        {
            Environment.SetEnvironmentVariable("CheckoutHostOverridesTest__FromEnvironment", null);
        }
    }
}
