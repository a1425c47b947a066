using Methane.Firmware.Core.Ota;

namespace Methane.Firmware.Conformance
{
    /// <summary>The application image header the loader parses on the device: a whole image, each refusal, the .pe marker.</summary>
    public static class ImageSection
    {
        public static void Run(Transcript t)
        {
            byte[] image = Build();
            ApplicationImage parsed = new ApplicationImage();
            ApplicationImageError error = parsed.Parse(image, image.Length, image.Length);
            t.Line("image whole " + Transcript.I((int)error) + " count " + Transcript.I(parsed.Count) + " header " + Transcript.I(parsed.HeaderLength));
            for (int i = 0; i < parsed.Count; i++)
            {
                t.Line("image entry " + Transcript.I(i) + " offset " + Transcript.I(parsed.Offset(i)) + " length " + Transcript.I(parsed.Length(i))
                    + " name " + Transcript.I(parsed.NameStart(i)) + "+" + Transcript.I(parsed.NameLength(i)));
            }

            t.Line("image header-only " + Transcript.I((int)parsed.Parse(image, 22, image.Length)));
            t.Line("image short-header " + Transcript.I((int)parsed.Parse(image, 21, image.Length)));
            t.Line("image truncated " + Transcript.I((int)parsed.Parse(image, image.Length - 1, image.Length - 1)));
            int[] at = { 0, 4, 4, 5, 8, 9, 9, 11, 14 };
            byte[] value = { (byte)'N', 0, 5, 5, 0x80, 0, 65, (byte)'/', 6 };
            for (int k = 0; k < at.Length; k++)
            {
                byte[] damaged = Build();
                damaged[at[k]] = value[k];
                t.Line("image damaged " + Transcript.I(at[k]) + "=" + Transcript.H(value[k], 2) + " "
                    + Transcript.I((int)parsed.Parse(damaged, damaged.Length, damaged.Length)) + " count " + Transcript.I(parsed.Count));
            }

            byte[] pe = new byte[8];
            for (int i = 0; i < 8; i++) { pe[i] = image[22 + i]; }
            t.Line("image marker " + Transcript.B(ApplicationImage.IsAssembly(pe)) + " " + Transcript.B(ApplicationImage.IsAssembly(new byte[5]))
                + " " + Transcript.B(ApplicationImage.IsAssembly(null)));
        }

        private static byte[] Build()
        {
            return new byte[]
            {
                0x4D, 0x41, 0x49, 0x31, 2,
                8, 0, 0, 0, 4, 0x43, 0x6F, 0x72, 0x65,
                7, 0, 0, 0, 3, 0x41, 0x70, 0x70,
                0x4E, 0x46, 0x4D, 0x52, 0x4B, 0x31, 0xC0, 0xDE,
                0x4E, 0x46, 0x4D, 0x52, 0x4B, 0x31, 0xAA,
            };
        }
    }
}
