namespace Methane.Firmware.Host.Adapters.Pki;

/// <summary>
/// A thing name is the certificate CN, the MQTT client id and a topic segment at once, so it must satisfy all three:
/// AWS IoT's thing-name pattern <c>[a-zA-Z0-9:_-]{1,128}</c> also excludes the MQTT wildcards and the topic separator.
/// </summary>
public static class ThingName
{
    public const int MaxLength = 128;

    public static bool IsValid(string? name, out string reason)
    {
        if (string.IsNullOrEmpty(name))
        {
            reason = "thing name is empty";
            return false;
        }
        if (name.Length > MaxLength)
        {
            reason = $"thing name is {name.Length} characters long (at most {MaxLength})";
            return false;
        }
        foreach (char c in name)
        {
            bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == ':' || c == '_' || c == '-';
            if (!ok)
            {
                reason = $"thing name '{name}' contains '{c}' (allowed: letters, digits, ':', '_', '-')";
                return false;
            }
        }
        reason = "";
        return true;
    }

    public static void Validate(string? name)
    {
        if (!IsValid(name, out string reason)) throw new ArgumentException(reason, nameof(name));
    }
}
