namespace Methane.Firmware.Device.App.DeviceConsole
{
    /// <summary>
    /// Parses one console line into a command word and its arguments. Pure string work (no device API), shared with the
    /// host tests. Commands are case-insensitive; arguments keep their case (SSIDs and passwords are case-sensitive).
    /// </summary>
    public sealed class ConsoleCommand
    {
        public const string Help = "help";
        public const string Status = "status";
        public const string Provision = "provision";
        public const string FactoryReset = "factory-reset";
        public const string Reboot = "reboot";
        public const string Log = "log";
        public const string Sleep = "sleep";

        public string Name = string.Empty;
        public string[] Args = new string[0];

        public static ConsoleCommand Parse(string line)
        {
            ConsoleCommand command = new ConsoleCommand();
            if (line == null)
            {
                return command;
            }

            string trimmed = line.Trim();
            if (trimmed.Length == 0)
            {
                return command;
            }

            int space = trimmed.IndexOf(' ');
            if (space < 0)
            {
                command.Name = trimmed.ToLower();
                return command;
            }

            command.Name = trimmed.Substring(0, space).ToLower();
            string rest = trimmed.Substring(space + 1).Trim();
            command.Args = rest.Length == 0 ? new string[0] : SplitArgs(rest);
            return command;
        }

        /// <summary>Space-separated, with "double quotes" for arguments that contain spaces (Wi-Fi SSIDs often do).</summary>
        private static string[] SplitArgs(string rest)
        {
            string[] buffer = new string[8];
            int count = 0;
            int i = 0;
            while (i < rest.Length && count < buffer.Length)
            {
                while (i < rest.Length && rest[i] == ' ')
                {
                    i++;
                }

                if (i >= rest.Length)
                {
                    break;
                }

                int start;
                int end;
                if (rest[i] == '"')
                {
                    start = i + 1;
                    end = rest.IndexOf('"', start);
                    if (end < 0)
                    {
                        end = rest.Length;
                    }

                    i = end + 1;
                }
                else
                {
                    start = i;
                    end = rest.IndexOf(' ', start);
                    if (end < 0)
                    {
                        end = rest.Length;
                    }

                    i = end;
                }

                buffer[count++] = rest.Substring(start, end - start);
            }

            string[] args = new string[count];
            for (int k = 0; k < count; k++)
            {
                args[k] = buffer[k];
            }

            return args;
        }
    }
}
