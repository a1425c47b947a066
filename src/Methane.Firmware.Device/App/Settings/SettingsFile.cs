using System;
using Methane.Firmware.Core.CommandConsole;
using Methane.Firmware.Device.Boot;

namespace Methane.Firmware.Device.App.Settings
{
    /// <summary>Loads and saves <see cref="SettingsDocument"/> as I:\data\settings.txt (replaced atomically).</summary>
    public sealed class SettingsFile
    {
        private readonly ConfigTable _config;
        private readonly DevicePowerSettings _power;
        private readonly byte[] _buffer = new byte[SettingsDocument.MaxBytes];

        public SettingsFile(ConfigTable config, DevicePowerSettings power)
        {
            _config = config;
            _power = power;
        }

        /// <summary>Applies the stored settings; returns entries skipped (-1: no or unreadable file).</summary>
        public int Load()
        {
            try
            {
                byte[] data = FlashFile.ReadAll(DevicePaths.SettingsFile);
                if (data == null)
                {
                    return -1;
                }

                // Twice: a stored pair such as low 30 / high 40 is refused in one order against the defaults (high 20).
                SettingsDocument.Apply(data, 0, data.Length, _config, _power);
                return SettingsDocument.Apply(data, 0, data.Length, _config, _power);
            }
            catch (Exception)
            {
                return -1;
            }
        }

        public bool Save()
        {
            int length = SettingsDocument.Write(_config, _power, _buffer);
            if (length < 0)
            {
                return false;
            }

            try
            {
                FlashFile.EnsureDirectory(DevicePaths.DataDir);
                FlashFile.WriteAtomic(DevicePaths.SettingsFile, _buffer, 0, length);
                return true;
            }
            catch (Exception)
            {
                return false;
            }
        }
    }
}
