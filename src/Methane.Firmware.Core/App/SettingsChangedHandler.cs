namespace Methane.Firmware.Core.App
{
    /// <summary>Raised after settings were changed from outside (a shadow delta or a config job) and must be re-applied.</summary>
    public delegate void SettingsChangedHandler();
}
