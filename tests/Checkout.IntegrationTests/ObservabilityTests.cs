using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Checkout.Platform.Hosting;
using Checkout.Platform.Telemetry;

namespace Checkout.IntegrationTests;

/// <summary>
/// One checkout seen from the outside: its trace across every hop and event (from the
/// mesh's in-memory exporter), the metrics endpoint's counters, and the way from an error
/// body to its trace.
/// </summary>
[Collection(ProcessMetricsCollection.Name)]
public sealed partial class ObservabilityTests : OwnMesh
{
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Every consumer of the order events, as (app, topic).</summary>
    private static readonly (string App, string Topic)[] Consumers =
    [
        (AppIds.Order, "order.created"), (AppIds.Cart, "order.created"), (AppIds.Bff, "order.created"),
        (AppIds.Customer, "order.created"), (AppIds.Notification, "order.created"), (AppIds.Analytics, "order.created"),
        (AppIds.Inventory, "order.created"), (AppIds.Shipping, "order.processing"),
    ];

    /// <summary>The gRPC calls the saga makes from Checkout, each answered by the service that owns it.</summary>
    private static readonly (string App, string Method)[] SagaHops =
    [
        (AppIds.Inventory, "checkout.inventory.v1.InventoryService/ReserveStock"),
        (AppIds.Payment, "checkout.payment.v1.PaymentService/ValidatePaymentMethod"),
        (AppIds.Promotion, "checkout.promotion.v1.PromotionService/HoldUsage"),
        (AppIds.Loyalty, "checkout.loyalty.v1.LoyaltyService/HoldPoints"),
        (AppIds.Order, "checkout.order.v1.OrderService/CreateOrder"),
        (AppIds.Payment, "checkout.payment.v1.PaymentService/ProcessPayment"),
        (AppIds.Loyalty, "checkout.loyalty.v1.LoyaltyService/SettleOrder"),
        (AppIds.Order, "checkout.order.v1.OrderService/ConfirmOrder"),
        (AppIds.Inventory, "checkout.inventory.v1.InventoryService/ConfirmReservation"),
        (AppIds.Cart, "checkout.cart.v1.CartService/RemoveOrderedItems"),
        (AppIds.Shipping, "checkout.shipping.v1.ShippingService/CreateShipment"),
    ];

    /// <summary>Its own mesh: the checkouts below count the seed customer's points, and the counters are read as deltas.</summary>
    protected override Standalone.MeshOptions Configure(Standalone.MeshOptions options) => options;

    private async Task<string> CheckOutAsync()
    {
        using var shopper = await Shopper.CreateAsync(Mesh.BffAddress, Anonymous, "CUST-12345");
        await shopper.AddAsync("PROD-12345", "SKU-ABC-001", 1);
        var sessionId = await shopper.InitiateSessionAsync();
        using var submitted = await shopper.SubmitAsync(Shopper.Body(sessionId, paymentMethodId: "PM-001", promotionCodes: ["SUMMER2024"], loyaltyPointsToUse: 100));
        var orderId = (await submitted.ReadAsync(HttpStatusCode.Created)).GetProperty("orderId").GetString()!;
        await Task.WhenAll(Consumers.Select(c => Mesh.EventBus.WhenHandledAsync(c.App, $"evt-{orderId}-{c.Topic["order.".Length..]}"))).WaitAsync(EventTimeout);
        return orderId;
    }

    [Fact]
    public async Task One_checkout_is_one_trace_from_the_bff_request_through_every_saga_hop_to_every_consumer()
    {
        var orderId = await CheckOutAsync();

        var traceId = Assert.Single(Mesh.Traces.Traces(RecentTraces.Capacity)
            .SelectMany(t => Mesh.Traces.Trace(t.TraceId))
            .Where(s => s.Tags.GetValueOrDefault(CheckoutTelemetry.Tags.OrderId) == orderId)
            .Select(s => s.TraceId)
            .Distinct());
        var spans = Mesh.Traces.Trace(traceId);

        var root = Assert.Single(spans, s => s.ParentSpanId is null);
        Assert.Equal((AppIds.Bff, ActivityKind.Server, "POST /api/v1/checkout/submit"), (root.App, root.Kind, root.Name));
        Assert.Contains(spans, s => s.App == AppIds.Bff && s.Kind == ActivityKind.Client && s.Name == "checkout.checkout.v1.CheckoutService/SubmitOrder");
        var submit = Assert.Single(spans, s => s.App == AppIds.Checkout && s.Kind == ActivityKind.Server && s.Name.EndsWith("CheckoutService/SubmitOrder", StringComparison.Ordinal));
        Assert.Equal(("CUST-12345", "1"), (submit.Tags[CheckoutTelemetry.Tags.CustomerId], submit.Tags[CheckoutTelemetry.Tags.SkuCount]));
        foreach (var (app, method) in SagaHops)
        {
            var call = Assert.Single(spans, s => s.App == AppIds.Checkout && s.Kind == ActivityKind.Client && s.Name == method);
            Assert.Contains(spans, s => s.App == app && s.Kind == ActivityKind.Server && s.ParentSpanId == call.SpanId);
        }

        Assert.Contains(spans, s => s.App == AppIds.Order && s.Kind == ActivityKind.Producer && s.Name == "publish order.created");
        Assert.Contains(spans, s => s.App == AppIds.Order && s.Kind == ActivityKind.Producer && s.Name == "publish order.processing");
        foreach (var (app, topic) in Consumers)
        {
            var consumed = Assert.Single(spans, s => s.App == app && s.Kind == ActivityKind.Consumer && s.Name == $"consume {topic}");
            var producer = Assert.Single(spans, s => s.SpanId == consumed.ParentSpanId);
            Assert.Equal($"publish {topic}", producer.Name);
        }

        Assert.Contains(spans, s => s.App == AppIds.Inventory && s.Name == "state stock");
        Assert.Contains(spans, s => s.App == AppIds.Order && s.Name == "state order");
        // Nothing of the card but what the order shows anyway.
        Assert.DoesNotContain(spans, s => s.Tags.Values.Any(v => v.Contains("4242424242424242", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_metrics_endpoint_counts_the_checkout_the_payment_and_every_consumers_handling()
    {
        var before = await ScrapeAsync();

        await CheckOutAsync();
        var after = await ScrapeAsync();

        Assert.Equal(1, Delta("checkout_started_total", AppIds.Checkout));
        Assert.Equal(1, Delta("checkout_confirmed_total", AppIds.Checkout));
        Assert.Equal(1, Delta("checkout_payments_total", AppIds.Checkout, "outcome=\"COMPLETED\""));
        Assert.Equal(1, Delta("checkout_reservations_held_total", AppIds.Inventory));
        foreach (var (app, topic) in Consumers)
        {
            Assert.Equal(1, Delta("checkout_event_handling_attempts_total", app, "outcome=\"success\"", $"topic=\"{topic}\""));
        }

        Assert.True(Delta("http_server_request_duration_seconds_count", null, "checkout_app=\"payment\"", "http_route=\"/checkout.payment.v1.PaymentService/ProcessPayment\"") >= 1);
        Assert.Contains("checkout_outbox_backlog{", after, StringComparison.Ordinal);
        // The charge's writes: the payment judged with its count in the fraud histories, the gateway's ledger, the outcome.
        Assert.Equal(3, Delta("checkout_state_writes_total", AppIds.Payment, "outcome=\"committed\""));
        Assert.InRange(Delta("checkout_state_commits_total", AppIds.Payment), 1, 3);
        // A new order's payment was never written: its first read is answered absent by the key filter, not by SQLite.
        Assert.True(Delta("checkout_state_reads_total", AppIds.Payment, "answered_from=\"key_filter\"") >= 1);

        double Delta(string metric, string? app, params string[] labels) => Sum(after, metric, app, labels) - Sum(before, metric, app, labels);
    }

    [Fact]
    public async Task A_failed_checkout_is_counted_with_its_reason()
    {
        var before = await ScrapeAsync();
        using var shopper = await Shopper.CreateAsync(Mesh.BffAddress, Anonymous);
        await shopper.AddAsync("PROD-12345", "SKU-ABC-001", 1);
        var sessionId = await shopper.InitiateSessionAsync();

        using var declined = await shopper.SubmitAsync(Shopper.Body(sessionId, paymentMethodId: "PM-TEST-DECLINED"));
        await declined.ErrorAsync(HttpStatusCode.BadRequest, "PAYMENT_DECLINED");

        const string reason = "PAYMENT_DECLINED";
        var after = await ScrapeAsync();
        Assert.Equal(1, Sum(after, "checkout_failed_total", AppIds.Checkout, $"reason=\"{reason}\"") - Sum(before, "checkout_failed_total", AppIds.Checkout, $"reason=\"{reason}\""));
    }

    [Fact]
    public async Task An_error_bodys_trace_id_leads_to_the_trace_of_that_request()
    {
        using var response = await Anonymous.GetAsync(new Uri("/api/v1/cart", UriKind.Relative));
        var traceId = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("traceId").GetString()!;

        var text = await Anonymous.GetStringAsync(new Uri($"/dev/traces/{traceId}?format=text", UriKind.Relative));

        Assert.StartsWith($"trace {traceId}: ", text, StringComparison.Ordinal);
        Assert.Contains("bff          |", text, StringComparison.Ordinal);
        Assert.Contains("GET /api/v1/cart", text, StringComparison.Ordinal);
    }

    private Task<string> ScrapeAsync() => Anonymous.GetStringAsync(new Uri(TelemetryHosting.MetricsPath, UriKind.Relative));

    /// <summary>
    /// The sum of a metric's series in a Prometheus text scrape, of one app of this mesh (its
    /// meter's scope tags; other tests' meshes share the process) and with the given labels.
    /// </summary>
    private double Sum(string scrape, string metric, string? app, params string[] labels) => scrape.Split('\n')
        .Where(line => line.StartsWith(metric + "{", StringComparison.Ordinal))
        .Where(line => app is null || (line.Contains($"otel_scope_checkout_app=\"{app}\"", StringComparison.Ordinal) && line.Contains($"otel_scope_checkout_process=\"{Mesh.BffAddress}\"", StringComparison.Ordinal)))
        .Where(line => labels.All(label => line.Contains(label, StringComparison.Ordinal)))
        .Sum(line => double.Parse(SampleValue().Match(line).Groups[1].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"\} (\S+)$")]
    private static partial Regex SampleValue();
}
