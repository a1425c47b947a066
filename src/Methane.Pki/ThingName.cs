using Methane.Firmware.Core.Mqtt;

namespace Methane.Pki;

/// <summary>
/// A thing name is the certificate CN, the MQTT client id and a topic segment at once. The rule is the core's
/// <see cref="TopicNames.IsValidThingName"/> (the schema's <c>^[A-Za-z0-9_-]{1,64}$</c>); this adds the reason.
/// Service identities (pipeline, observer) follow the same rule.
/// </summary>
public static class ThingName
{
    public const int MaxLength = TopicNames.MaxNameLength;

    public static bool IsValid(string? name, out string reason)
    {
        if (name != null && TopicNames.IsValidThingName(name))
        {
            reason = "";
            return true;
        }
        reason = Explain(name);
        return false;
    }

    public static void Validate(string? name)
    {
        if (!IsValid(name, out string reason)) throw new ArgumentException(reason, nameof(name));
    }

    private static string Explain(string? name)
    {
        if (string.IsNullOrEmpty(name)) return "thing name is empty (expected 1-64 characters of A-Z a-z 0-9 _ -)";
        if (name.Length > MaxLength) return $"thing name is {name.Length} characters long (expected at most {MaxLength})";
        foreach (char c in name)
        {
            bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
            if (!ok) return $"thing name '{name}' contains '{c}' (expected only A-Z a-z 0-9 _ -)";
        }
        return $"thing name '{name}' is not valid (expected ^[A-Za-z0-9_-]{{1,64}}$)";
    }
}
