using Checkout.Contracts.Bff.V1;
using Microsoft.AspNetCore.Authorization;

namespace Checkout.Bff.Api;

// Flows 3 to 5 are the next issue. Their routes are mapped already so clients get
// 501 NOT_IMPLEMENTED (gRPC UNIMPLEMENTED) rather than a 404 that looks like a typo.

/// <summary>/api/v1/checkout: not built yet; every RPC answers UNIMPLEMENTED.</summary>
[Authorize]
public sealed class CheckoutApi : CheckoutApiService.CheckoutApiServiceBase;

/// <summary>/api/v1/orders: not built yet; every RPC answers UNIMPLEMENTED.</summary>
[Authorize]
public sealed class OrderApi : OrderApiService.OrderApiServiceBase;
