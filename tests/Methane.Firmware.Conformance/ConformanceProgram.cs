using System;

namespace Methane.Firmware.Conformance
{
    /// <summary>
    /// The conformance program: runs the portable core through a fixed, deterministic script and prints a transcript that
    /// both runtimes must print identically (.NET 10 and nanoCLR). The committed .NET transcript (transcript.txt) is the
    /// contract. Every section catches its own exceptions and prints them, because on nanoCLR an uncaught exception ends
    /// Main silently. The last line counts the lines, so a truncated run is visible.
    /// </summary>
    public static class ConformanceProgram
    {
        private delegate void SectionBody(Transcript t);

        public static void Main()
        {
            Run(new ConsoleSink());
        }

        /// <summary>Runs every section, writing the transcript to <paramref name="sink"/>; returns the number of lines.</summary>
        public static int Run(ILineSink sink)
        {
            Transcript t = new Transcript(sink);
            t.Line("conformance v1");
            Section(t, "math", new SectionBody(MathSection.Run));
            Section(t, "format", new SectionBody(FormatSection.Run));
            Section(t, "integrity", new SectionBody(IntegritySection.Run));
            Section(t, "ads1115", new SectionBody(DriverSection.RunAds1115));
            Section(t, "sht4x", new SectionBody(DriverSection.RunSht4x));
            Section(t, "nonfinite", new SectionBody(NonFiniteSection.Run));
            Section(t, "alarm", new SectionBody(AlarmSection.Run));
            Section(t, "cycle", new SectionBody(CycleSection.Run));
            Section(t, "telemetry", new SectionBody(TelemetrySection.Run));
            Section(t, "outbox", new SectionBody(OutboxSection.Run));
            Section(t, "json", new SectionBody(JsonSection.Run));
            Section(t, "jobs", new SectionBody(JobsSection.Run));
            Section(t, "shadow", new SectionBody(ShadowSection.Run));
            Section(t, "ota", new SectionBody(OtaSection.Run));
            Section(t, "session", new SectionBody(SessionSection.Run));
            Section(t, "wind", new SectionBody(WindSection.Run));
            Section(t, "ambient", new SectionBody(AmbientSection.Run));
            Section(t, "alarmevent", new SectionBody(AlarmEventSection.Run));
            Section(t, "lean", new SectionBody(LeanSection.Run));
            Section(t, "image", new SectionBody(ImageSection.Run));
            t.Line("end lines " + Transcript.I(t.LineCount + 1));
            return t.LineCount;
        }

        private static void Section(Transcript t, string name, SectionBody body)
        {
            t.Line("== " + name);
            try
            {
                body(t);
            }
            catch (Exception e)
            {
                t.Line("!! " + name + " threw " + e.GetType().FullName);
            }
        }
    }
}
