using Checkout.Contracts.Customer.V1;
using Checkout.Platform.Errors;
using Checkout.Platform.Money;
using Checkout.Platform.State;
using Grpc.Core;
using CommonAddress = Checkout.Contracts.Common.V1.Address;

namespace Checkout.Customer;

public sealed class CustomerGrpcService(CustomerDirectory customers, IStateStore store) : CustomerService.CustomerServiceBase
{
    public override async Task<GetCustomerResponse> GetCustomer(GetCustomerRequest request, ServerCallContext context) =>
        new() { Customer = ToProto(await customers.GetAsync(Required(request.CustomerId), context.CancellationToken)) };

    public override async Task<GetCheckoutContextResponse> GetCheckoutContext(GetCheckoutContextRequest request, ServerCallContext context)
    {
        var profile = await customers.GetAsync(Required(request.CustomerId), context.CancellationToken);
        var response = new GetCheckoutContextResponse
        {
            Customer = ToProto(profile),
            Preferences = new Preferences
            {
                PreferredShippingMethod = profile.Preferences.PreferredShippingMethod,
                EmailNotifications = profile.Preferences.EmailNotifications,
                SmsNotifications = profile.Preferences.SmsNotifications,
            },
        };
        response.Addresses.AddRange(profile.Addresses.Select(a => new SavedAddress
        {
            AddressId = a.AddressId,
            Type = a.Type == "billing" ? AddressType.Billing : AddressType.Shipping,
            Address = new CommonAddress { Street = a.Street, City = a.City, State = a.State, ZipCode = a.ZipCode, Country = a.Country },
            IsDefault = a.IsDefault,
        }));
        return response;
    }

    public override async Task<GetOrderHistoryResponse> GetOrderHistory(GetOrderHistoryRequest request, ServerCallContext context)
    {
        var history = (await store.GetJsonAsync<OrderHistory>(OrderHistory.Key(Required(request.CustomerId)), context.CancellationToken))?.Value ?? OrderHistory.Empty;
        var response = new GetOrderHistoryResponse { LifetimeValue = MoneyExtensions.Cents(history.LifetimeValueCents), OrderCount = history.Count };
        response.OrderIds.AddRange(history.OrderIds);
        return response;
    }

    private static Contracts.Customer.V1.Customer ToProto(CustomerProfile profile) => new()
    {
        CustomerId = profile.CustomerId,
        Email = profile.Email,
        Phone = profile.Phone,
        Name = profile.Name,
    };

    private static string Required(string customerId) =>
        DomainErrors.Required(customerId, "customerId");
}
