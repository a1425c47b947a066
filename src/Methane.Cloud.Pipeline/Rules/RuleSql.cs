using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Methane.Cloud.Pipeline.Rules;

/// <summary>
/// Evaluates the IoT rule SQL shapes the stack uses (<see cref="Enrichment.CloudRules"/>) on a message, as AWS IoT does:
/// <c>SELECT item, … FROM 'filter'</c> with items <c>*</c>, a payload field, <c>topic() AS x</c>, <c>timestamp() AS x</c>,
/// <c>encode(*, 'base64') AS x</c> and a nested field <c>a.b AS x</c>. A field the payload lacks is left out of the result
/// (IoT omits undefined values).
/// Anything else is refused loudly, so a rule the stack gains cannot be mirrored silently wrong.
/// </summary>
public static partial class RuleSql
{
    /// <summary>The rule's output for a message, or null when the topic does not match the rule's FROM filter.</summary>
    public static JsonNode? Evaluate(string sql, string topic, byte[] payload, long receivedMs)
    {
        Match m = Statement().Match(sql);
        if (!m.Success) throw new NotSupportedException($"rule SQL not mirrored: {sql}");
        if (!TopicMatches(m.Groups["filter"].Value, topic)) return null;
        string[] items = SplitItems(m.Groups["items"].Value);
        JsonNode? body = TryParse(payload);

        if (items is ["*"]) return body?.DeepClone();
        var result = new JsonObject();
        foreach (string item in items)
        {
            Match alias = Alias().Match(item);
            if (item == "*")
            {
                if (body is not JsonObject obj) throw new NotSupportedException("SELECT *, … on a payload that is not a JSON object");
                foreach (var (k, v) in obj) result[k] = v?.DeepClone();
            }
            else if (alias.Success)
            {
                string expr = alias.Groups["expr"].Value;
                string name = alias.Groups["name"].Value;
                if (FieldPath().IsMatch(expr))
                {
                    JsonNode? node = body;
                    foreach (string key in expr.Split('.')) node = node is JsonObject o && o.TryGetPropertyValue(key, out JsonNode? child) ? child : null;
                    if (node != null) result[name] = node.DeepClone();
                    continue;
                }
                result[name] = expr switch
                {
                    "topic()" => JsonValue.Create(topic),
                    "timestamp()" => JsonValue.Create(receivedMs),
                    "encode(*, 'base64')" => JsonValue.Create(Convert.ToBase64String(payload)),
                    _ => throw new NotSupportedException($"rule SQL expression not mirrored: {expr}"),
                };
            }
            else if (FieldName().IsMatch(item))
            {
                if (body is JsonObject obj && obj.TryGetPropertyValue(item, out JsonNode? v)) result[item] = v?.DeepClone();
            }
            else throw new NotSupportedException($"rule SQL item not mirrored: {item}");
        }
        return result;
    }

    /// <summary>The select list split at commas outside parentheses (<c>encode(*, 'base64')</c> is one item).</summary>
    private static string[] SplitItems(string list)
    {
        var items = new List<string>();
        int depth = 0, start = 0;
        for (int i = 0; i < list.Length; i++)
        {
            if (list[i] == '(') depth++;
            else if (list[i] == ')') depth--;
            else if (list[i] == ',' && depth == 0)
            {
                items.Add(list[start..i].Trim());
                start = i + 1;
            }
        }
        items.Add(list[start..].Trim());
        return items.ToArray();
    }

    /// <summary>MQTT topic filter matching (<c>+</c> one level, <c>#</c> the rest).</summary>
    public static bool TopicMatches(string filter, string topic)
    {
        string[] f = filter.Split('/');
        string[] t = topic.Split('/');
        for (int i = 0; i < f.Length; i++)
        {
            if (f[i] == "#") return true;
            if (i >= t.Length) return false;
            if (f[i] != "+" && f[i] != t[i]) return false;
        }
        return f.Length == t.Length;
    }

    /// <summary>
    /// A substitution template: <c>${topic(n)}</c> (1-based topic level), <c>${regexp_substring(field, 'regex')}</c> (the
    /// first match in a string field) or <c>${field}</c> against the message, <c>@{field}</c> against one array element;
    /// literal text otherwise.
    /// </summary>
    public static string? Substitute(string template, string topic, JsonNode? message, JsonNode? element)
    {
        Match t = Template().Match(template);
        if (!t.Success) return template;
        string expr = t.Groups["expr"].Value;
        if (t.Groups["scope"].Value == "@") return Text(element?[expr]);
        Match topicCall = TopicCall().Match(expr);
        if (topicCall.Success)
        {
            string[] levels = topic.Split('/');
            int n = int.Parse(topicCall.Groups[1].Value, CultureInfo.InvariantCulture);
            return n >= 1 && n <= levels.Length ? levels[n - 1] : null;
        }
        Match regexCall = RegexpSubstringCall().Match(expr);
        if (regexCall.Success)
        {
            string? text = message is JsonObject m && m[regexCall.Groups["field"].Value] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
            if (text == null) return null;
            Match found = Regex.Match(text, regexCall.Groups["regex"].Value);
            return found.Success ? found.Value : null;
        }
        if (!FieldName().IsMatch(expr)) throw new NotSupportedException($"substitution template not mirrored: {template}");
        return Text(message is JsonObject o ? o[expr] : null);
    }

    /// <summary>The payload field a template reads (<c>${x}</c> or <c>@{x}</c>), or null for functions and literals.</summary>
    public static string? ReferencedField(string template)
    {
        Match t = Template().Match(template);
        return t.Success && FieldName().IsMatch(t.Groups["expr"].Value) ? t.Groups["expr"].Value : null;
    }

    private static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        _ => node.ToJsonString(),
    };

    private static JsonNode? TryParse(byte[] payload)
    {
        try { return JsonNode.Parse(payload); }
        catch (JsonException) { return null; }
    }

    [GeneratedRegex(@"^SELECT (?<items>.+) FROM '(?<filter>[^']+)'$")]
    private static partial Regex Statement();

    [GeneratedRegex(@"^(?<expr>.+) AS (?<name>[A-Za-z_][A-Za-z0-9_]*)$")]
    private static partial Regex Alias();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex FieldName();

    [GeneratedRegex(@"^(?<scope>[$@])\{(?<expr>[^}]+)\}$")]
    private static partial Regex Template();

    [GeneratedRegex(@"^topic\((\d+)\)$")]
    private static partial Regex TopicCall();

    [GeneratedRegex(@"^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+$")]
    private static partial Regex FieldPath();

    [GeneratedRegex(@"^regexp_substring\((?<field>[A-Za-z_][A-Za-z0-9_]*), '(?<regex>[^']*)'\)$")]
    private static partial Regex RegexpSubstringCall();
}
