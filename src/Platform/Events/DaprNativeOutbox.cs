using Checkout.Platform.State;
using Dapr.Client;
using Microsoft.Extensions.Configuration;

namespace Checkout.Platform.Events;

/// <summary>
/// Dapr's own transactional outbox. A state store component with <c>outboxPublishPubsub</c>
/// and <c>outboxPublishTopic</c> publishes what a state transaction writes, once the
/// transaction commits; a second operation on the same key marked
/// <c>outbox.projection: true</c> is published instead of being stored. Such a component
/// publishes to one topic only, so each topic the app publishes through the outbox has
/// its own component, named under <c>Checkout:Dapr:Outbox:{topic with '.' as '-'}</c>; the
/// components point at the same database as the app's main store, so they read and write
/// the same keys. Topics without a component fall back to the mesh's own outbox.
/// </summary>
public sealed class DaprNativeOutbox(DaprClient dapr, IConfiguration configuration)
{
    public const string SectionKey = "Checkout:Dapr:Outbox";

    public static bool IsConfigured(IConfiguration configuration) => configuration.GetSection(SectionKey).GetChildren().Any();

    public string? StoreFor(string topic) => configuration[$"{SectionKey}:{topic.Replace('.', '-')}"];

    /// <summary>Writes <paramref name="changes"/> through the topic's outbox store with the event as the published projection.</summary>
    public async Task<bool> TryCommitAsync(string store, IReadOnlyList<StateOperation> changes, OutboxEntry entry, CancellationToken cancellationToken)
    {
        var projected = changes.First(c => c.Kind == StateOperationKind.Upsert);
        var stored = new Dictionary<string, string> { ["outbox.projection"] = "false" };
        var requests = changes.Select(op => DaprStateStore.ToTransactionRequest(op, op == projected ? stored : null)).ToList();
        requests.Add(new StateTransactionRequest(
            projected.Key,
            System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(entry.Event.Data),
            StateOperationType.Upsert,
            metadata: new Dictionary<string, string>
            {
                ["outbox.projection"] = "true",
                ["datacontenttype"] = "application/json",
                // Asks Dapr to keep our event id, type and source on the CloudEvent it publishes.
                ["cloudevent.id"] = entry.Event.Id,
                ["cloudevent.type"] = entry.Event.Type,
                ["cloudevent.source"] = entry.Event.Source,
            }));
        try
        {
            await dapr.ExecuteStateTransactionAsync(store, requests, cancellationToken: cancellationToken);
            return true;
        }
        catch (Dapr.DaprException ex) when (DaprStateStore.IsConflict(ex))
        {
            return false;
        }
    }
}
