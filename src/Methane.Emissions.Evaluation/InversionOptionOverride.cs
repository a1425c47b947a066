using System.Globalization;
using Methane.Emissions.Inversion;

namespace Methane.Emissions.Evaluation;

/// <summary>Sensitivity runs: <c>--set Name=Value</c> overrides one numeric or boolean <see cref="InversionOptions"/> property.</summary>
public static class InversionOptionOverride
{
    /// <summary>The options that differ from the defaults, as <c> --set Name=Value</c> arguments (the seed is given separately).</summary>
    public static string NonDefault(InversionOptions options)
    {
        var defaults = new InversionOptions();
        var parts = typeof(InversionOptions).GetProperties()
            .Where(p => p.CanWrite && p.Name != nameof(InversionOptions.Seed) && !Equals(p.GetValue(options), p.GetValue(defaults)))
            .Select(p => $" --set {p.Name}={Convert.ToString(p.GetValue(options), CultureInfo.InvariantCulture)}");
        return string.Concat(parts);
    }

    public static InversionOptions Apply(InversionOptions options, string assignment)
    {
        int eq = assignment.IndexOf('=');
        if (eq <= 0) throw new ArgumentException("expected OPTION=VALUE");
        string name = assignment[..eq], text = assignment[(eq + 1)..];
        var property = typeof(InversionOptions).GetProperty(name);
        if (property == null || !property.CanWrite)
            throw new ArgumentException($"unknown option {name}; expected one of {string.Join(", ", typeof(InversionOptions).GetProperties().Select(p => p.Name))}");
        object value;
        if (property.PropertyType == typeof(bool) && bool.TryParse(text, out bool b)) value = b;
        else if (property.PropertyType == typeof(int) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int i)) value = i;
        else if (property.PropertyType == typeof(double) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d)) value = d;
        else throw new ArgumentException($"{name} = {text}: expected " + (property.PropertyType == typeof(bool) ? "true or false"
            : property.PropertyType == typeof(int) ? "a whole number" : "a number"));
        InversionOptions copy = options with { };
        property.SetValue(copy, value);
        return copy;
    }
}
