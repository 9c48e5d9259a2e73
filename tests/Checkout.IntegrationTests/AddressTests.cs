using System.Net;
using Checkout.Contracts.Checkout.V1;
using Checkout.Platform.Errors;
using Checkout.Platform.Hosting;
using Grpc.Core;

namespace Checkout.IntegrationTests;

/// <summary>Addresses at submit, over real HTTP and gRPC: verified, normalised, never priced when they do not verify.</summary>
[Collection(MeshCollection.Name)]
public sealed class AddressTests(MeshFixture mesh)
{
    private static object Body(string sessionId, object shippingAddress) => new
    {
        checkoutSessionId = sessionId,
        shippingAddress,
        paymentMethod = new { id = "PM-TEST-VISA", type = "credit_card" },
        shippingMethod = "standard",
    };

    private async Task<(Shopper Shopper, string Session)> ReadyAsync()
    {
        var shopper = await Shopper.CreateAsync(mesh.Mesh.BffAddress, mesh.Anonymous);
        await shopper.AddAsync("PROD-10023", "SKU-10023-01", 1);
        return (shopper, await shopper.InitiateSessionAsync());
    }

    [Theory]
    [InlineData("9410", "US", "CA", "INVALID_SHIPPING_ADDRESS.ZIP_CODE", "shippingAddress.zipCode")]
    [InlineData("94105", "US", "ZZ", "INVALID_SHIPPING_ADDRESS.STATE", "shippingAddress.state")]
    [InlineData("94105", "XX", "CA", "INVALID_SHIPPING_ADDRESS.COUNTRY", "shippingAddress.country")]
    [InlineData("01310-100", "BR", "SP", "COUNTRY_NOT_SHIPPED", "shippingAddress.country")]
    public async Task An_address_that_does_not_verify_is_refused_naming_the_field_and_the_session_stays_open(string zip, string country, string state, string reason, string field)
    {
        var (shopper, session) = await ReadyAsync();
        using (shopper)
        {
            using var refused = await shopper.SubmitAsync(Body(session, new { street = "123 Main St", city = "San Francisco", state, zipCode = zip, country }));
            await refused.ErrorAsync(HttpStatusCode.BadRequest, reason);
            using (var again = await shopper.SubmitAsync(Body(session, new { street = "123 Main St", city = "San Francisco", state, zipCode = zip, country })))
            {
                Assert.Equal(field, (await again.ReadAsync(HttpStatusCode.BadRequest)).GetProperty("field").GetString());
            }

            // Nothing changed: the same session checks out with an address that verifies.
            using var placed = await shopper.SubmitAsync(Shopper.Body(session));
            Assert.Equal(HttpStatusCode.Created, placed.StatusCode);
        }
    }

    [Fact]
    public async Task An_order_keeps_its_address_as_verified()
    {
        var (shopper, session) = await ReadyAsync();
        using (shopper)
        {
            using var placed = await shopper.SubmitAsync(Body(session, new { street = "  123   Main St ", city = "San Francisco", state = "ca", zipCode = "941051234", country = "us" }));
            var orderId = (await placed.ReadAsync(HttpStatusCode.Created)).GetProperty("orderId").GetString()!;

            var order = (await new Contracts.Order.V1.OrderService.OrderServiceClient(mesh.Channel(AppIds.Order)).GetOrderAsync(new Contracts.Order.V1.GetOrderRequest { OrderId = orderId, CustomerId = shopper.CustomerId })).Order;
            Assert.Equal(("123 Main St", "CA", "94105-1234", "US"), (order.ShippingAddress.Street, order.ShippingAddress.State, order.ShippingAddress.ZipCode, order.ShippingAddress.Country));
        }
    }

    [Fact]
    public async Task Checkout_prices_no_address_that_does_not_verify_whoever_asks()
    {
        var (shopper, session) = await ReadyAsync();
        using (shopper)
        {
            var checkout = new CheckoutService.CheckoutServiceClient(mesh.Channel(AppIds.Checkout));

            var refused = await Assert.ThrowsAsync<RpcException>(() => checkout.CalculateTotalsAsync(new CalculateTotalsRequest
            {
                SessionId = session,
                CustomerId = shopper.CustomerId,
                ShippingMethod = "standard",
                ShippingAddress = new Contracts.Common.V1.Address { Street = "1 Main St", City = "Springfield", State = "IL", ZipCode = "ABCDE", Country = "US" },
            }).ResponseAsync);

            Assert.Equal((StatusCode.InvalidArgument, "INVALID_SHIPPING_ADDRESS.ZIP_CODE", "shippingAddress.zipCode"), (refused.StatusCode, RpcErrors.ReasonOf(refused), RpcErrors.FieldOf(refused)));
        }
    }
}
