namespace Methane.Dashboard.Data;

/// <summary>Site and thing names as the topic structure allows them; only such names reach a query.</summary>
public static class Identifiers
{
    public static bool IsValid(string? id) =>
        id is { Length: >= 1 and <= 128 } && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>A checked name as a SQL string literal.</summary>
    public static string Sql(string id) =>
        IsValid(id) ? $"'{id}'" : throw new ArgumentException($"name '{id}': expected letters, digits, '-' or '_'");
}
