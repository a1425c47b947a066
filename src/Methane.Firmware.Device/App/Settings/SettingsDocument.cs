using Methane.Firmware.Core.App;
using Methane.Firmware.Core.CommandConsole;
using Methane.Firmware.Core.Json;

namespace Methane.Firmware.Device.App.Settings
{
    /// <summary>
    /// The changeable settings as one JSON object, {"alarm.lowLelPct":10,…,"device.deepSleepSeconds":0}, written after every
    /// change (console "config set", "calibrate zero", shadow delta, config job) and applied over <see cref="BoardDefaults"/>
    /// at boot. Reading goes through the config's own checks, so a value a newer firmware no longer accepts is skipped, not
    /// trusted. Pure code over byte[] (no file API).
    /// </summary>
    public static class SettingsDocument
    {
        public const int MaxBytes = DeviceStorage.SettingsMaxBytes;

        /// <summary>Writes the document; returns its length, or -1 when it did not fit.</summary>
        public static int Write(ConfigTable config, DevicePowerSettings power, byte[] buffer)
        {
            JsonWriter w = new JsonWriter(buffer, 0, buffer.Length);
            w.BeginObject();
            for (int i = 0; i < config.Count; i++)
            {
                w.PropertyName(config.NameAt(i));
                if (config.IsIntegerAt(i))
                {
                    w.WriteInt64((long)config.GetAt(i));
                }
                else
                {
                    // The ambient coefficients keep 9 decimals: their set's checksum is over values rounded to 10^-9.
                    w.WriteFixed(config.GetAt(i), config.DecimalsAt(i));
                }
            }

            w.PropertyName(DevicePowerSettings.Name);
            w.WriteInt64(power.DeepSleepSeconds);
            w.EndObject();
            return w.Overflow ? -1 : w.Length;
        }

        /// <summary>
        /// Applies a stored document. Returns the number of entries skipped (unknown name, not a number, refused by the
        /// config's checks); -1 when the document is not a JSON object at all (nothing applied).
        /// </summary>
        public static int Apply(byte[] buffer, int offset, int count, ConfigTable config, DevicePowerSettings power)
        {
            JsonReader r = new JsonReader(4);
            r.Reset(buffer, offset, count);
            if (!r.Read() || r.TokenType != JsonTokenType.StartObject)
            {
                return -1;
            }

            int skipped = 0;
            // The ambient coefficient set is checked as a whole (its checksum), so its entries are staged and validated once.
            int[] staged = new int[config.Count];
            double[] previous = new double[config.Count];
            int stagedCount = 0;
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                int index = -1;
                bool deepSleep = r.ValueEquals(DevicePowerSettings.Name);
                for (int i = 0; !deepSleep && i < config.Count; i++)
                {
                    if (r.ValueEquals(config.NameAt(i)))
                    {
                        index = i;
                        break;
                    }
                }

                if (!r.Read())
                {
                    return skipped + 1;
                }

                double value;
                if (r.TokenType != JsonTokenType.Number || !r.TryGetDouble(out value))
                {
                    skipped++;
                    if (!r.Skip())
                    {
                        return skipped;
                    }

                    continue;
                }

                if (deepSleep)
                {
                    if (value >= 0 && value <= DevicePowerSettings.Max && value == (double)(long)value)
                    {
                        power.DeepSleepSeconds = (int)value;
                    }
                    else
                    {
                        skipped++;
                    }
                }
                else if (index >= 0 && IsAmbient(config.NameAt(index)))
                {
                    if (value < config.MinAt(index) || value > config.MaxAt(index) || double.IsNaN(value))
                    {
                        skipped++;
                        continue;
                    }
                    staged[stagedCount] = index;
                    previous[stagedCount] = config.GetAt(index);
                    stagedCount++;
                    config.SetAt(index, value);
                }
                else if (index < 0 || config.TrySetAt(index, value) != null)
                {
                    skipped++;
                }
            }

            if (stagedCount > 0 && config.ValidateAll() != null)
            {
                for (int i = stagedCount - 1; i >= 0; i--)
                {
                    config.SetAt(staged[i], previous[i]);
                }
                skipped += stagedCount;
            }

            return skipped;
        }

        private static bool IsAmbient(string name)
        {
            return name.Length > 8 && name.Substring(0, 8) == "ambient.";
        }
    }
}
