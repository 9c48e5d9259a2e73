using Checkout.Contracts.Bff.V1;
using Checkout.Contracts.Cart.V1;
using Checkout.Contracts.Catalog.V1;
using Checkout.Contracts.Checkout.V1;
using Checkout.Contracts.Customer.V1;
using Checkout.Contracts.Loyalty.V1;
using Checkout.Contracts.Payment.V1;
using Checkout.Contracts.Promotion.V1;
using Checkout.Platform.Errors;
using Checkout.Platform.Money;
using Grpc.Core;
using Microsoft.Extensions.Options;
using CheckoutClient = Checkout.Contracts.Checkout.V1.CheckoutService.CheckoutServiceClient;

namespace Checkout.Bff.Flows;

/// <summary>
/// Flow 3 of the seed. Reads the cart, then in parallel validates every item with Catalog
/// and fetches the customer's checkout context and cards (required), applicable promotions and
/// loyalty benefits (optional: past <see cref="BffOptions.OptionalCallDeadline"/> or on
/// failure the session is created without them and the response says so). Creates the
/// session only when everything required is there.
/// </summary>
public sealed class CheckoutInitiationFlow(
    CartService.CartServiceClient carts,
    CatalogService.CatalogServiceClient catalog,
    CustomerService.CustomerServiceClient customers,
    PaymentService.PaymentServiceClient payments,
    PromotionService.PromotionServiceClient promotions,
    LoyaltyService.LoyaltyServiceClient loyalty,
    CheckoutClient checkout,
    IOptions<BffOptions> options,
    ILogger<CheckoutInitiationFlow> logger)
{
    /// <summary>The stock status of every item a session shows: an item without stock refuses the checkout instead.</summary>
    public const string AvailableStockStatus = "available";

    public async Task<InitiateCheckoutResponse> InitiateAsync(string customerId, CancellationToken ct)
    {
        // An empty cart is refused by Checkout, which owns the rule (CART_EMPTY).
        var cart = (await carts.GetCartAsync(new Contracts.Cart.V1.GetCartRequest { CustomerId = customerId }, cancellationToken: ct)).Cart;

        var validation = new ValidateItemsRequest();
        validation.Items.AddRange(cart.Items.Select(i => new ItemToValidate { ProductId = i.ProductId, Sku = i.Sku, WarehouseId = i.WarehouseId, Quantity = i.Quantity }));
        var promotionQuery = new GetApplicablePromotionsRequest { CustomerId = customerId };
        promotionQuery.Lines.AddRange(cart.Items.Select(i => new PromotionLine { ProductId = i.ProductId, Sku = i.Sku, Category = i.Category, Quantity = i.Quantity, UnitPrice = i.UnitPrice }));

        var validationTask = catalog.ValidateItemsAsync(validation, cancellationToken: ct).ResponseAsync;
        var contextTask = customers.GetCheckoutContextAsync(new GetCheckoutContextRequest { CustomerId = customerId }, cancellationToken: ct).ResponseAsync;
        var cardsTask = payments.ListPaymentMethodsAsync(new Contracts.Payment.V1.ListPaymentMethodsRequest { CustomerId = customerId }, cancellationToken: ct).ResponseAsync;
        var promotionsTask = OptionalAsync("promotions", deadline => promotions.GetApplicablePromotionsAsync(promotionQuery, deadline: deadline, cancellationToken: ct));
        var loyaltyTask = OptionalAsync("loyalty", deadline => loyalty.GetCheckoutBenefitsAsync(new GetCheckoutBenefitsRequest { CustomerId = customerId }, deadline: deadline, cancellationToken: ct));
        await Task.WhenAll(validationTask, contextTask, cardsTask, promotionsTask, loyaltyTask);

        var items = validationTask.Result.Items;
        var problems = items.Where(i => i.Status != StockStatus.Available).ToList();
        if (problems.Count > 0)
        {
            throw DomainErrors.FailedPrecondition("ITEMS_UNAVAILABLE",
                "Some items cannot be bought: " + string.Join("; ", problems.Select(Describe)) + ".");
        }

        var context = contextTask.Result;
        var benefits = loyaltyTask.Result;
        var offered = promotionsTask.Result?.Promotions.Where(p => p.Applicable).ToList() ?? [];
        var unavailable = new List<string>();
        if (promotionsTask.Result is null)
        {
            unavailable.Add("promotions");
        }

        if (benefits is null)
        {
            unavailable.Add("loyalty");
        }

        var session = new CreateSessionRequest
        {
            CustomerId = customerId,
            AvailableLoyaltyPoints = benefits?.AvailablePoints ?? 0,
            Customer = new CustomerSnapshot
            {
                Email = context.Customer.Email,
                Phone = context.Customer.Phone,
                Tier = benefits?.Tier ?? string.Empty,
                FreeShipping = benefits?.TierBenefits.FreeShipping ?? false,
                TierDiscountPercentage = benefits?.TierBenefits.DiscountPercentage ?? 0,
            },
        };
        session.Items.AddRange(items.Select(i => new SessionItem
        {
            ProductId = i.Item.ProductId,
            Sku = i.Item.Sku,
            Name = i.Name,
            Quantity = i.Item.Quantity,
            UnitPrice = i.CurrentPrice,
            WarehouseId = i.Item.WarehouseId,
            Category = i.Category,
        }));
        session.OfferedPromotionCodes.AddRange(offered.Select(p => p.Code));
        session.Degraded.AddRange(unavailable);
        var created = (await checkout.CreateSessionAsync(session, cancellationToken: ct)).Session;

        // An expired card is not offered (and is refused at submit, CARD_EXPIRED).
        return View(created, context, cardsTask.Result.PaymentMethods.Where(c => !c.Expired), offered, benefits, unavailable);
    }

    /// <summary>A call the flow can do without: null when it fails or misses the deadline.</summary>
    private async Task<T?> OptionalAsync<T>(string part, Func<DateTime, AsyncUnaryCall<T>> call)
        where T : class
    {
        try
        {
            // A deadline is real time, not business time: a test's clock must not time calls out.
            return await call(DateTime.UtcNow + options.Value.OptionalCallDeadline);
        }
        catch (RpcException ex)
        {
            logger.LogWarning("Checkout initiation goes on without {Part}: {Status}", part, ex.StatusCode);
            return null;
        }
    }

    private static string Describe(ItemValidation item) => item.Status switch
    {
        StockStatus.NotSold => $"{item.Item.Sku} ({item.Item.ProductId}) is no longer sold",
        StockStatus.OutOfStock => $"{item.Item.Sku} is out of stock in {item.Item.WarehouseId}",
        _ => $"{item.Item.Sku} has {item.Available} available in {item.Item.WarehouseId}, {item.Item.Quantity} in your cart",
    };

    private static InitiateCheckoutResponse View(
        CheckoutSession session,
        GetCheckoutContextResponse context,
        IEnumerable<PaymentMethod> cards,
        IReadOnlyList<AppliedPromotion> offered,
        GetCheckoutBenefitsResponse? benefits,
        IReadOnlyList<string> unavailable)
    {
        var response = new InitiateCheckoutResponse
        {
            CheckoutSessionId = session.SessionId,
            Cart = new CheckoutCart { Totals = new CheckoutCartTotals { Subtotal = session.Subtotal.ToJsonNumber(), Currency = session.Subtotal.CurrencyCode } },
            Customer = new CheckoutCustomer(),
            ExpiresAt = session.ExpiresAt.ToDateTimeOffset().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture),
        };
        response.Cart.Items.AddRange(session.Items.Select(i => new CheckoutItem
        {
            ProductId = i.ProductId,
            Sku = i.Sku,
            Name = i.Name,
            Quantity = i.Quantity,
            UnitPrice = i.UnitPrice.ToJsonNumber(),
            TotalPrice = MoneyExtensions.ToJsonNumber(i.UnitPrice.MinorUnits * i.Quantity),
            StockStatus = AvailableStockStatus,
        }));
        response.Customer.Addresses.AddRange(context.Addresses.Select(a => new CustomerAddress
        {
            Id = a.AddressId,
            Type = a.Type == AddressType.Billing ? "billing" : "shipping",
            Street = a.Address.Street,
            City = a.Address.City,
            State = a.Address.State,
            ZipCode = a.Address.ZipCode,
            IsDefault = a.IsDefault,
        }));
        response.Customer.PaymentMethods.AddRange(cards.Select(p => new CustomerPaymentMethod
        {
            Id = p.PaymentMethodId,
            Type = p.Type,
            Last4 = p.Last4,
            Brand = p.Brand,
            IsDefault = p.IsDefault,
        }));
        response.Promotions.AddRange(offered.Select(p => new CheckoutPromotion
        {
            Code = p.Code,
            Description = p.Description,
            Discount = p.Discount.ToJsonNumber(),
            Applicable = p.Applicable,
        }));
        if (benefits is not null)
        {
            response.Loyalty = new CheckoutLoyalty
            {
                AvailablePoints = benefits.AvailablePoints,
                PointsValue = benefits.PointsValue.ToJsonNumber(),
                TierBenefits = new Contracts.Bff.V1.TierBenefits { FreeShipping = benefits.TierBenefits.FreeShipping, DiscountPercentage = benefits.TierBenefits.DiscountPercentage },
            };
        }

        response.Unavailable.AddRange(unavailable);
        return response;
    }
}
