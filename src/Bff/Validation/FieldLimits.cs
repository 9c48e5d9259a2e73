using Checkout.Bff.Flows;
using Checkout.Platform.Errors;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Checkout.Bff.Validation;

/// <summary>
/// How long each text field of the public API may be, and how many items a list may hold:
/// one table for every request the BFF takes. A field is found by its JSON name in the
/// request (<c>shippingAddress.street</c>), then by its own name (<c>street</c>); a text
/// field named nowhere may hold <see cref="DefaultMaxLength"/> characters. Too long is a
/// 400 naming the field, and the message never repeats the value: an id or a street sent
/// to a service, stored or echoed in an error, is bounded here first.
/// </summary>
public static class FieldLimits
{
    public const int DefaultMaxLength = 256;
    public const int DefaultMaxItems = 100;
    public const int IdLength = 64;

    private static readonly Dictionary<string, int> MaxLength = new(StringComparer.Ordinal)
    {
        ["productId"] = IdLength,
        ["sku"] = IdLength,
        ["warehouseId"] = IdLength,
        ["itemId"] = IdLength,
        ["orderId"] = IdLength,
        ["checkoutSessionId"] = IdLength,
        ["customerId"] = IdLength,
        ["paymentMethod.id"] = IdLength,
        ["paymentMethodId"] = IdLength,
        ["token"] = IdLength,
        ["paymentMethod.type"] = 32,
        ["category"] = IdLength,
        ["promotionCodes"] = 32,
        ["shippingMethod"] = 32,
        ["street"] = 200,
        ["city"] = 100,
        ["state"] = 100,
        ["zipCode"] = 20,
        ["country"] = 60,
        ["notes"] = SubmitRequestValidation.MaxNotesLength,
    };

    private static readonly Dictionary<string, int> MaxItems = new(StringComparer.Ordinal)
    {
        ["promotionCodes"] = 10,
    };

    /// <summary>Throws INVALID_ARGUMENT naming the first field over its limit.</summary>
    public static void Check(IMessage message) => Check(message, prefix: string.Empty);

    public static int LengthOf(string path) =>
        MaxLength.TryGetValue(path, out var byPath) ? byPath
        : MaxLength.TryGetValue(path[(path.LastIndexOf('.') + 1)..], out var byName) ? byName
        : DefaultMaxLength;

    private static void Check(IMessage message, string prefix)
    {
        foreach (var field in message.Descriptor.Fields.InDeclarationOrder())
        {
            var path = prefix + field.JsonName;
            var value = field.Accessor.GetValue(message);
            if (field.IsRepeated)
            {
                var items = ((System.Collections.IList)value).Cast<object>().ToList();
                var maxItems = MaxItems.GetValueOrDefault(field.JsonName, DefaultMaxItems);
                if (items.Count > maxItems)
                {
                    throw DomainErrors.InvalidArgument(path, $"{path} may hold at most {maxItems} items.");
                }

                items.ForEach(item => CheckValue(field, path, item));
            }
            else
            {
                CheckValue(field, path, value);
            }
        }
    }

    private static void CheckValue(FieldDescriptor field, string path, object? value)
    {
        switch (field.FieldType, value)
        {
            case (FieldType.String, string text) when text.Length > LengthOf(path):
                throw DomainErrors.InvalidArgument(path, $"{path} may be at most {LengthOf(path)} characters.");
            case (FieldType.Message, IMessage nested):
                Check(nested, path + ".");
                break;
        }
    }
}
