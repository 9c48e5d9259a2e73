using Checkout.Contracts.Events;
using Checkout.Platform.Events;

namespace Checkout.Bff.Caching;

/// <summary>order.created: Cart empties the cart, and the BFF drops its cached copy so the next view is the empty cart.</summary>
public sealed class CartCacheInvalidation(CartCache cache) : IEventConsumer
{
    public string Topic => OrderTopics.Created;

    public async Task HandleAsync(CloudEvent cloudEvent, CancellationToken cancellationToken) =>
        await cache.InvalidateAsync(cloudEvent.DataAs<OrderCreatedData>().CustomerId, cancellationToken);
}
