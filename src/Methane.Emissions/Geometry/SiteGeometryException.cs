namespace Methane.Emissions.Geometry;

/// <summary>A sites file that cannot be used; the message names the field, the value found and what was expected.</summary>
public sealed class SiteGeometryException(string field, string value, string expected)
    : Exception($"{field} = {value}: expected {expected}")
{
    public string Field { get; } = field;
    public string Value { get; } = value;
    public string Expected { get; } = expected;
}
