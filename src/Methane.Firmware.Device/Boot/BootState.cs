namespace Methane.Firmware.Device.Boot
{
    /// <summary>
    /// Which application slot the resident loader starts, persisted as a few "key=value" lines on the internal flash.
    /// A slot is a folder of .pe files (I:\app\a or I:\app\b). Pure data and text: no file I/O here, so it is testable
    /// on the host and on the device.
    /// </summary>
    public sealed class BootState
    {
        public const string SlotA = "a";
        public const string SlotB = "b";

        /// <summary>The confirmed slot: the last version that connected and published.</summary>
        public string Active = SlotA;

        /// <summary>A staged slot to try on the next boots, or empty.</summary>
        public string Pending = string.Empty;

        /// <summary>Boots of <see cref="Pending"/> so far that did not confirm it.</summary>
        public int Attempts;

        /// <summary>Boots allowed for a pending slot before the loader rolls back.</summary>
        public int MaxAttempts = 3;

        /// <summary>What the loader did last (for the health report): "ok", "trying:b", "rolled-back:b", "load-failed:a".</summary>
        public string LastEvent = "ok";

        public static string OtherSlot(string slot)
        {
            return slot == SlotA ? SlotB : SlotA;
        }

        public static bool IsSlot(string value)
        {
            return value == SlotA || value == SlotB;
        }

        public string Format()
        {
            return "active=" + Active + "\n"
                + "pending=" + Pending + "\n"
                + "attempts=" + Attempts.ToString() + "\n"
                + "max_attempts=" + MaxAttempts.ToString() + "\n"
                + "last=" + LastEvent + "\n";
        }

        /// <summary>Parses <see cref="Format"/> output. Unknown keys are ignored; a malformed file gives the safe default (slot a).</summary>
        public static BootState Parse(string text)
        {
            BootState state = new BootState();
            if (text == null)
            {
                return state;
            }

            string[] lines = text.Split(new char[] { '\n' });
            for (int i = 0; i < lines.Length; i++)
            {
                string line = lines[i].Trim();
                int eq = line.IndexOf('=');
                if (eq <= 0)
                {
                    continue;
                }

                string key = line.Substring(0, eq);
                string value = line.Substring(eq + 1);
                if (key == "active" && IsSlot(value))
                {
                    state.Active = value;
                }
                else if (key == "pending" && (value.Length == 0 || IsSlot(value)))
                {
                    state.Pending = value;
                }
                else if (key == "attempts")
                {
                    state.Attempts = ParseSmallInt(value, 0);
                }
                else if (key == "max_attempts")
                {
                    int max = ParseSmallInt(value, 3);
                    state.MaxAttempts = max < 1 ? 1 : max;
                }
                else if (key == "last")
                {
                    state.LastEvent = value;
                }
            }

            if (state.Pending == state.Active)
            {
                state.Pending = string.Empty;
            }

            return state;
        }

        private static int ParseSmallInt(string value, int fallback)
        {
            if (value.Length == 0 || value.Length > 6)
            {
                return fallback;
            }

            int result = 0;
            for (int i = 0; i < value.Length; i++)
            {
                char c = value[i];
                if (c < '0' || c > '9')
                {
                    return fallback;
                }

                result = (result * 10) + (c - '0');
            }

            return result;
        }
    }
}
