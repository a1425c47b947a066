namespace Methane.Firmware.Core.Shadow
{
    /// <summary>Why a desired-state delta was refused. Reported as snake_case text in the shadow.</summary>
    public enum ShadowRejectReason
    {
        None = 0,
        /// <summary>The payload is not valid JSON, or not {"state":{…},…}.</summary>
        Malformed = 1,
        /// <summary>A key in state that is not a known setting.</summary>
        UnknownSetting = 2,
        /// <summary>A value that is not a JSON number.</summary>
        NotANumber = 3,
        /// <summary>A fractional value for a whole-number setting.</summary>
        NotAnInteger = 4,
        /// <summary>A number outside [min, max].</summary>
        OutOfRange = 5,
        /// <summary>Each value is in range, but together they break a rule that ties settings (e.g. low alarm ≥ high alarm).</summary>
        Inconsistent = 6,
    }
}
