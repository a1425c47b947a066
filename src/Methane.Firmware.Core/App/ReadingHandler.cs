using Methane.Firmware.Core.Sensing;

namespace Methane.Firmware.Core.App
{
    /// <summary>A reading was taken and queued. The object is reused: copy what you keep before returning.</summary>
    public delegate void ReadingHandler(Reading reading);
}
