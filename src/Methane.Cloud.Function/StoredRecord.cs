using System.Text.Json;
using Methane.Cloud.Enrichment;

namespace Methane.Cloud.Function;

/// <summary>
/// One stored field of a reading, as the live store rule would see it: the JSON literal as received (a string with its
/// quotes) and the Timestream type the rule's action gives it (SQL 2015-10-08: 10 BIGINT, 10.0 DOUBLE, "gas" VARCHAR).
/// </summary>
/// <param name="MeasureValue">The value as a Timestream record carries it: a string without its JSON quotes, a number as written.</param>
public readonly record struct StoredValue(string Name, string Literal, string MeasureValueType, string MeasureValue);

/// <summary>The store projection of one validated batch element: the same fields the live store rule selects.</summary>
public static class StoredRecord
{
    /// <summary>The stored fields present (not null) in the element, in <see cref="StoredFields.Measures"/> order.</summary>
    public static IReadOnlyList<StoredValue> Values(byte[] rawElement)
    {
        using JsonDocument doc = JsonDocument.Parse(rawElement);
        var values = new List<StoredValue>(StoredFields.Measures.Length);
        foreach (string name in StoredFields.Measures)
        {
            if (!doc.RootElement.TryGetProperty(name, out JsonElement v)) continue;
            string literal = v.GetRawText();
            string? type = v.ValueKind switch
            {
                JsonValueKind.Number => literal.IndexOfAny(new[] { '.', 'e', 'E' }) < 0 ? "BIGINT" : "DOUBLE",
                JsonValueKind.String => "VARCHAR",
                _ => null,
            };
            if (type != null) values.Add(new StoredValue(name, literal, type, type == "VARCHAR" ? v.GetString()! : literal));
        }
        return values;
    }
}
