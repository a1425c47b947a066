namespace Methane.Firmware.Core.Shadow
{
    public enum ShadowDeltaResult
    {
        /// <summary>Every setting in the delta was valid and is now applied.</summary>
        Applied = 0,
        /// <summary>At least one setting was invalid: nothing changed, the reason is in <see cref="ShadowAgent.Rejection"/>.</summary>
        Rejected = 1,
        /// <summary>The delta's version is not newer than the last one handled: ignored.</summary>
        Stale = 2,
    }
}
