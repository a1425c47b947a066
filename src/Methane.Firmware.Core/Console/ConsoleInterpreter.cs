using System;
using Methane.Firmware.Core.App;
using Methane.Firmware.Core.Json;
using Methane.Firmware.Core.Sensing;
using Methane.Firmware.Core.Text;

// Not "…Core.Console": a namespace of that name would hide System.Console in every Methane.Firmware.Core.* namespace.
namespace Methane.Firmware.Core.CommandConsole
{
    /// <summary>
    /// The technician console, one line in, one reply out (lines separated by '\n'), the same on the device's serial port and
    /// on the host's terminal. An unknown command or a bad argument gets a one-line explanation, never an exception.
    /// Commands are case-insensitive; setting names are the board-file paths (case-sensitive).
    /// </summary>
    public sealed class ConsoleInterpreter
    {
        public const string HelpText =
            "commands:\n" +
            "  help                      this list\n" +
            "  status                    identity, connection, last reading, alarm, counters\n" +
            "  config get [name]         all settings, or one (names as in the board file, e.g. alarm.lowLelPct)\n" +
            "  config set name value     change a setting (range-checked; refused values change nothing)\n" +
            "  calibrate zero            in clean air: R0 from the present sensor resistance, baseline reset\n" +
            "  selftest                  talk to both chips and report each one\n" +
            "  outbox                    store-and-forward queue statistics\n" +
            "  reboot                    restart the firmware\n" +
            "  factory-reset yes         erase settings, calibration and outbox, then restart";

        private const int MaxWords = 5;

        private readonly FirmwareLoop _loop;
        private readonly ConfigTable _config;
        private readonly SelfTest _selfTest;
        private readonly IDeviceControl _control;
        private readonly string[] _words = new string[MaxWords];
        private readonly JsonReader _number = new JsonReader(1);
        private readonly byte[] _numberBytes = new byte[32];

        public ConsoleInterpreter(FirmwareLoop loop, ConfigTable config, SelfTest selfTest, IDeviceControl control)
        {
            if (loop == null) throw new ArgumentNullException("loop");
            if (config == null) throw new ArgumentNullException("config");
            if (selfTest == null) throw new ArgumentNullException("selfTest");
            _loop = loop;
            _config = config;
            _selfTest = selfTest;
            _control = control;
        }

        /// <summary>Runs one command line and returns its reply ("" for an empty line).</summary>
        public string Execute(string line)
        {
            try
            {
                return Dispatch(line);
            }
            catch (Exception e)
            {
                // A console must never take the firmware down; report and carry on.
                return "error: " + e.Message;
            }
        }

        private string Dispatch(string line)
        {
            int n = Split(line);
            if (n == 0) return "";
            if (n > MaxWords - 1 && _words[MaxWords - 1] != null) return "too many words; type 'help' for the commands";
            string cmd = _words[0].ToLower();
            switch (cmd)
            {
                case "help":
                case "?":
                    return HelpText;
                case "status":
                    return n == 1 ? Status() : "status takes no argument";
                case "config":
                    return Config(n);
                case "calibrate":
                    if (n != 2 || _words[1].ToLower() != "zero") return "usage: calibrate zero   (in clean air)";
                    return CalibrateZero();
                case "selftest":
                case "self-test":
                    if (n != 1) return "selftest takes no argument";
                    string lines = _selfTest.Run();
                    return "selftest " + (_selfTest.Passed ? "PASS" : "FAIL") + "\n" + lines;
                case "outbox":
                    return n == 1 ? Outbox() : "outbox takes no argument";
                case "reboot":
                    if (n != 1) return "reboot takes no argument";
                    if (_control == null) return "reboot: not supported here";
                    _control.Reboot();
                    return "rebooting";
                case "factory-reset":
                    if (n != 2 || _words[1].ToLower() != "yes")
                    {
                        return "factory-reset erases settings, calibration and the outbox: type 'factory-reset yes'";
                    }
                    if (_control == null) return "factory-reset: not supported here";
                    _control.FactoryReset();
                    return "factory reset done, rebooting";
                default:
                    return "unknown command '" + _words[0] + "'; type 'help' for the commands";
            }
        }

        private string Status()
        {
            Reading r = _loop.LastReading;
            string s = "thing " + _loop.Identity.ThingName + " site " + _loop.Identity.SiteId + " fw " + _loop.Identity.FirmwareVersion
                + " board " + _loop.Board.Name
                + "\nuptime " + TextFormat.Int(_loop.Clock.UptimeMilliseconds / 1000) + " s, clock " + (_loop.Clock.IsWallClockSet ? "synced" : "NOT synced")
                + ", connection " + StatusText.Session(_loop.Session.State)
                + ", reconnects " + TextFormat.Int(_loop.Session.Counters.Reconnects) + ", last error " + _loop.LastError;
            if (_loop.Met != null) return s + MetStatus(r);
            long warm = _loop.Cycle.Channel.WarmUp.RemainingMilliseconds(_loop.Clock.UptimeMilliseconds);
            s += "\nsensor " + (warm > 0 ? "warming up (" + TextFormat.Int((warm + 999) / 1000) + " s left, alarms inhibited)" : "ready");
            if (_loop.SamplesTaken == 0) return s + "\nno reading yet";
            s += "\nlast reading seq " + TextFormat.Int(r.Seq) + ": ";
            s += r.HasMethane ? TextFormat.Fixed(r.Ch4Ppm, 1) + " ppm CH4, " + TextFormat.Fixed(r.LelPct, 2) + " %LEL" : "no methane value";
            s += r.HasEnvironment ? ", " + TextFormat.Fixed(r.TemperatureC, 1) + " C, " + TextFormat.Fixed(r.RelativeHumidityPct, 1) + " %RH" : ", no T/RH";
            s += ", flags " + TextFormat.Hex(r.Flags, 3);
            if (r.HasAmbient) s += "\n" + AmbientLine(r);
            s += "\nalarm " + StatusText.Alarm(_loop.AlarmLevelNow) + " (raised " + TextFormat.Int(_loop.AlarmsRaised) + ", cleared "
                + TextFormat.Int(_loop.AlarmsCleared) + ", fast rise " + TextFormat.Int(_loop.RateOfRiseEvents) + ")"
                + ", samples " + TextFormat.Int(_loop.SamplesTaken) + ", published " + TextFormat.Int(_loop.Session.Counters.ReadingsPublished)
                + ", acked " + TextFormat.Int(_loop.Session.Counters.ReadingsAcked);
            return s;
        }

        private static string Ppm3(double v)
        {
            return double.IsNaN(v) ? "n/a" : TextFormat.Fixed(v, 3);
        }

        private static string AmbientLine(Reading r)
        {
            double enh = double.IsNaN(r.AmbientPpm) || double.IsNaN(r.BackgroundPpm) ? double.NaN : r.AmbientPpm - r.BackgroundPpm;
            return "ambient " + Ppm3(r.AmbientPpm) + " ppm, background " + Ppm3(r.BackgroundPpm) + " ppm (flags "
                + TextFormat.Hex(r.BackgroundFlags, 2) + "), enhancement " + Ppm3(enh) + " ppm (flags " + TextFormat.Hex(r.EnhancementFlags, 2)
                + "), noise floor " + Ppm3(r.AmbientSigmaPpm) + " ppm";
        }

        private string MetStatus(Reading r)
        {
            Wind.MetStation m = _loop.Met.Station;
            string s = "\nmet station: anemometer GPIO" + TextFormat.Int(_loop.Board.Wind.PulsePin) + ", vane AIN"
                + TextFormat.Int(_loop.Board.Wind.VaneChannel) + ", " + TextFormat.Int(m.SamplesTaken) + " wind samples";
            if (m.SamplesTaken > 0)
            {
                s += "\nnow " + TextFormat.Fixed(m.LastSpeedMs, 2) + " m/s from "
                    + (double.IsNaN(m.LastDirectionDeg) ? "n/a" : TextFormat.Fixed(m.LastDirectionDeg, 1)) + " deg (vane "
                    + (double.IsNaN(m.LastVaneVolts) ? "no answer" : TextFormat.Fixed(m.LastVaneVolts, 3) + " V") + ")";
            }
            if (_loop.SamplesTaken == 0) return s + "\nno reading yet";
            s += "\nlast reading seq " + TextFormat.Int(r.Seq) + ": mean " + TextFormat.Fixed(r.WindSpeedMs, 2) + " m/s, gust "
                + TextFormat.Fixed(r.WindGustMs, 2) + " m/s, direction "
                + (double.IsNaN(r.WindDirectionDeg) ? "n/a" : TextFormat.Fixed(r.WindDirectionDeg, 1) + " deg")
                + ", sigma-theta " + (double.IsNaN(r.WindSigmaThetaDeg) ? "n/a" : TextFormat.Fixed(r.WindSigmaThetaDeg, 1) + " deg")
                + ", " + TextFormat.Int(r.WindSamples) + " samples, wind flags " + TextFormat.Hex(r.WindFlags, 2) + " (" + WindFlagText(r.WindFlags) + ")";
            s += r.HasEnvironment ? "\nair " + TextFormat.Fixed(r.TemperatureC, 1) + " C, " + TextFormat.Fixed(r.RelativeHumidityPct, 1) + " %RH" : "\nno T/RH";
            s += ", flags " + TextFormat.Hex(r.Flags, 3) + ", published " + TextFormat.Int(_loop.Session.Counters.ReadingsPublished)
                + ", acked " + TextFormat.Int(_loop.Session.Counters.ReadingsAcked);
            return s;
        }

        private static string WindFlagText(int f)
        {
            if (f == 0) return "ok";
            string s = "";
            if ((f & Wind.WindFlags.Calm) != 0) s += " calm";
            if ((f & Wind.WindFlags.NoPulses) != 0) s += " no-pulses";
            if ((f & Wind.WindFlags.VaneStuck) != 0) s += " vane-stuck";
            if ((f & Wind.WindFlags.VaneOutOfRange) != 0) s += " vane-out-of-range";
            if ((f & Wind.WindFlags.Incomplete) != 0) s += " incomplete";
            if ((f & Wind.WindFlags.VaneFault) != 0) s += " vane-fault";
            if ((f & Wind.WindFlags.SpeedOverRange) != 0) s += " speed-over-range";
            return s.Substring(1);
        }

        private string Config(int n)
        {
            if (n < 2) return "usage: config get [name] | config set name value";
            string sub = _words[1].ToLower();
            if (sub == "get")
            {
                if (n == 2)
                {
                    string all = "";
                    for (int i = 0; i < _config.Count; i++)
                    {
                        all += (i == 0 ? "" : "\n") + _config.NameAt(i) + " = " + Value(i);
                    }
                    return all;
                }
                if (n != 3) return "usage: config get [name]";
                int index = _config.IndexOf(_words[2]);
                if (index < 0) return "unknown setting '" + _words[2] + "'; 'config get' lists them";
                return _config.NameAt(index) + " = " + Value(index);
            }
            if (sub == "set")
            {
                if (n != 4) return "usage: config set name value";
                int index = _config.IndexOf(_words[2]);
                if (index < 0) return "unknown setting '" + _words[2] + "'; 'config get' lists them";
                double value;
                if (!ParseNumber(_words[3], out value)) return "not a number: '" + _words[3] + "' (write it like 12.5 or 1e3)";
                string old = Value(index);
                string reason = _config.TrySetAt(index, value);
                if (reason != null) return "refused, nothing changed: " + reason;
                _loop.ApplySettings();
                _loop.Log.Info("config " + _config.NameAt(index) + " = " + Value(index) + " (was " + old + ")");
                return _config.NameAt(index) + " = " + Value(index) + " (was " + old + ")";
            }
            return "usage: config get [name] | config set name value";
        }

        private string Value(int index)
        {
            double v = _config.GetAt(index);
            if (_config.IsIntegerAt(index)) return TextFormat.Int((long)v);
            return Trim(TextFormat.Fixed(v, 6));
        }

        /// <summary>"12.500000" → "12.5", "3.000000" → "3".</summary>
        private static string Trim(string s)
        {
            if (s.IndexOf('.') < 0) return s;
            int end = s.Length;
            while (end > 0 && s[end - 1] == '0') end--;
            if (end > 0 && s[end - 1] == '.') end--;
            return s.Substring(0, end);
        }

        private string CalibrateZero()
        {
            if (_loop.Met != null) return "calibrate zero: this board is a met station (no methane sensor)";
            if (_loop.SamplesTaken == 0) return "calibrate zero: no reading yet, wait one sample interval";
            long warm = _loop.Cycle.Channel.WarmUp.RemainingMilliseconds(_loop.Clock.UptimeMilliseconds);
            if (warm > 0) return "calibrate zero: sensor still warming up (" + TextFormat.Int((warm + 999) / 1000) + " s left)";
            if (_loop.AlarmLevelNow != AlarmLevel.None)
            {
                return "calibrate zero refused: alarm " + StatusText.Alarm(_loop.AlarmLevelNow) + " is active; calibrate only in clean air";
            }
            Tgs2611Model model = _loop.Cycle.Channel.Model;
            if (!model.HasValue || !_loop.LastReading.HasRaw) return "calibrate zero: the last sample has no sensor resistance (fault or out of range)";
            // Clean air: Rs / (R0 · K) must equal the calibrated clean-air ratio, so R0 = Rs / (K · cleanAirRsR0).
            double rs = model.RsOhms;
            double r0 = CoreMath.Divide(rs, model.CompensationFactor * _loop.Board.Calibration.CleanAirRsR0);
            int index = _config.IndexOf("calibration.r0Ohms");
            string old = Value(index);
            string reason = _config.TrySetAt(index, r0);
            if (reason != null) return "calibrate zero refused, nothing changed: " + reason;
            _loop.Cycle.Channel.Baseline.Reset();
            _loop.Log.Info("calibrated zero: R0 " + Value(index) + " ohm (was " + old + ")");
            return "calibration.r0Ohms = " + Value(index) + " (was " + old + "), Rs " + TextFormat.Fixed(rs, 0) + " ohm, baseline reset";
        }

        private string Outbox()
        {
            Outbox.ReadingOutbox o = _loop.Outbox;
            return "outbox pending " + TextFormat.Int(o.Count) + " of " + TextFormat.Int(o.Capacity)
                + ", unsent " + TextFormat.Int(_loop.Session.Unsent) + ", in flight " + TextFormat.Int(_loop.Session.InFlight)
                + ", dropped (full) " + TextFormat.Int(o.Dropped) + ", torn skipped " + TextFormat.Int(o.CorruptSkipped)
                + ", next seq " + TextFormat.Int(_loop.Sequence.Peek)
                + "\npublished " + TextFormat.Int(_loop.Session.Counters.ReadingsPublished) + " readings in "
                + TextFormat.Int(_loop.Session.Counters.MessagesPublished) + " messages (" + TextFormat.Int(_loop.Session.Counters.BatchesPublished)
                + " batches), acked " + TextFormat.Int(_loop.Session.Counters.ReadingsAcked);
        }

        /// <summary>A JSON number (no NaN, no hex, no leading '+'), through the core's own reader.</summary>
        private bool ParseNumber(string text, out double value)
        {
            value = 0;
            if (text.Length == 0 || text.Length > _numberBytes.Length) return false;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c > 127) return false;
                _numberBytes[i] = (byte)c;
            }
            _number.Reset(_numberBytes, 0, text.Length);
            if (!_number.Read() || _number.TokenType != JsonTokenType.Number) return false;
            if (!_number.TryGetDouble(out value)) return false;
            _number.Read();
            return _number.TokenType == JsonTokenType.EndOfDocument;
        }

        /// <summary>Splits on spaces into the word slots; returns the count (a MaxWords-th word marks "too many").</summary>
        private int Split(string line)
        {
            for (int i = 0; i < MaxWords; i++) _words[i] = null;
            if (line == null) return 0;
            int n = 0;
            int i2 = 0;
            int len = line.Length;
            while (i2 < len)
            {
                while (i2 < len && (line[i2] == ' ' || line[i2] == '\t' || line[i2] == '\r' || line[i2] == '\n')) i2++;
                if (i2 >= len) break;
                int start = i2;
                while (i2 < len && line[i2] != ' ' && line[i2] != '\t' && line[i2] != '\r' && line[i2] != '\n') i2++;
                if (n == MaxWords) return n;
                _words[n++] = line.Substring(start, i2 - start);
            }
            return n;
        }
    }
}
