namespace Methane.Firmware.Emulation.Scenarios;

/// <summary>
/// What one device sees of a modelled site atmosphere (host: the site's gas field and scripted wind): the methane
/// enhancement at a gas sensor's inlet, or the wind at a met station's mast. Times are scenario seconds, non-decreasing.
/// </summary>
public interface IDeviceAir
{
    /// <summary>Methane above background at the device's inlet at t, ppm (0 where no plume reaches it).</summary>
    double EnhancementPpmAt(double t);

    /// <summary>The wind at the device at t (speed m/s, direction FROM in degrees); false when the model has no wind for it.</summary>
    bool TryWindAt(double t, out double speedMs, out double fromDeg);
}
