using System.Text.Json;
using Methane.Cloud.Enrichment;

namespace Methane.Cloud.Function;

/// <summary>One stored field of a reading, as the live store rule would see it: the JSON literal as received and its type.</summary>
public readonly record struct StoredValue(string Name, string Literal, bool IsInteger);

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
            if (!doc.RootElement.TryGetProperty(name, out JsonElement v) || v.ValueKind != JsonValueKind.Number) continue;
            string literal = v.GetRawText();
            values.Add(new StoredValue(name, literal, literal.IndexOfAny(new[] { '.', 'e', 'E' }) < 0));
        }
        return values;
    }
}
