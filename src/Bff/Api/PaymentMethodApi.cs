using Checkout.Bff.Auth;
using Checkout.Bff.Errors;
using Checkout.Contracts.Bff.V1;
using Checkout.Contracts.Payment.V1;
using Grpc.Core;
using Microsoft.AspNetCore.Authorization;

namespace Checkout.Bff.Api;

/// <summary>/api/v1/payment-methods: the token's customer's saved cards, kept by Payment as gateway tokens.</summary>
[Authorize]
public sealed class PaymentMethodApi(PaymentService.PaymentServiceClient payments) : PaymentMethodApiService.PaymentMethodApiServiceBase
{
    public override async Task<Contracts.Bff.V1.AddPaymentMethodResponse> AddPaymentMethod(Contracts.Bff.V1.AddPaymentMethodRequest request, ServerCallContext context)
    {
        var added = await payments.AddPaymentMethodAsync(new Contracts.Payment.V1.AddPaymentMethodRequest { CustomerId = context.CustomerId(), Token = request.Token }, cancellationToken: context.CancellationToken);
        var http = context.GetHttpContext();
        http.Items[CreatedStatus.ItemKey] = StatusCodes.Status201Created;
        http.Response.Headers.Location = "/api/v1/payment-methods";
        return new Contracts.Bff.V1.AddPaymentMethodResponse { PaymentMethod = ToView(added.PaymentMethod) };
    }

    public override async Task<Contracts.Bff.V1.ListPaymentMethodsResponse> ListPaymentMethods(Contracts.Bff.V1.ListPaymentMethodsRequest request, ServerCallContext context) =>
        new() { PaymentMethods = { await ListAsync(context) } };

    public override async Task<Contracts.Bff.V1.RemovePaymentMethodResponse> RemovePaymentMethod(Contracts.Bff.V1.RemovePaymentMethodRequest request, ServerCallContext context)
    {
        await payments.RemovePaymentMethodAsync(new Contracts.Payment.V1.RemovePaymentMethodRequest { CustomerId = context.CustomerId(), PaymentMethodId = request.PaymentMethodId }, cancellationToken: context.CancellationToken);
        return new Contracts.Bff.V1.RemovePaymentMethodResponse { PaymentMethods = { await ListAsync(context) } };
    }

    private async Task<IEnumerable<PaymentMethodView>> ListAsync(ServerCallContext context) =>
        (await payments.ListPaymentMethodsAsync(new Contracts.Payment.V1.ListPaymentMethodsRequest { CustomerId = context.CustomerId() }, cancellationToken: context.CancellationToken)).PaymentMethods.Select(ToView);

    private static PaymentMethodView ToView(PaymentMethod card) => new()
    {
        Id = card.PaymentMethodId,
        Type = card.Type,
        Brand = card.Brand,
        Last4 = card.Last4,
        ExpMonth = card.ExpMonth,
        ExpYear = card.ExpYear,
        IsDefault = card.IsDefault,
        TestCard = card.TestCard,
        Expired = card.Expired,
    };
}
