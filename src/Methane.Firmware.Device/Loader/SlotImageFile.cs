using System;
using System.IO;
using System.Text;
using Methane.Firmware.Core.Ota;

namespace Methane.Firmware.Device.Loader
{
    /// <summary>
    /// Reads a slot's <see cref="ApplicationImage"/> into one array per assembly, each of its exact size, so the image never
    /// sits in RAM twice. Every refusal is reported on the console with the slot and the reason.
    /// </summary>
    internal static class SlotImageFile
    {
        /// <summary>The image's assemblies in load order, or null (reported) when the file is not a whole application image.</summary>
        public static byte[][] ReadAssemblies(string path, long size, BootReport report, string slotName)
        {
            using (FileStream fs = new FileStream(path, FileMode.Open, FileAccess.Read))
            {
                if (fs.Length != size)
                {
                    report.Line("slot " + slotName + " image changed while reading");
                    return null;
                }

                byte[] header = new byte[size < ApplicationImage.MaxHeaderBytes ? (int)size : ApplicationImage.MaxHeaderBytes];
                if (!ReadAt(fs, 0, header))
                {
                    report.Line("slot " + slotName + " image header unreadable");
                    return null;
                }

                ApplicationImage image = new ApplicationImage();
                ApplicationImageError error = image.Parse(header, header.Length, size);
                if (error != ApplicationImageError.None)
                {
                    report.Line("slot " + slotName + " is not an application image (error " + ((int)error).ToString()
                        + "; build one with 'board image')");
                    return null;
                }

                byte[][] assemblies = new byte[image.Count][];
                for (int i = 0; i < image.Count; i++)
                {
                    string name = Encoding.UTF8.GetString(header, image.NameStart(i), image.NameLength(i));
                    byte[] pe = new byte[image.Length(i)];
                    if (!ReadAt(fs, image.Offset(i), pe) || !ApplicationImage.IsAssembly(pe))
                    {
                        report.Line("slot " + slotName + " assembly " + name + " is not a nanoFramework assembly");
                        return null;
                    }

                    report.Line("slot " + slotName + " assembly " + name + " " + pe.Length.ToString() + " B");
                    assemblies[i] = pe;
                }

                return assemblies;
            }
        }

        private static bool ReadAt(FileStream fs, long position, byte[] buffer)
        {
            fs.Seek(position, SeekOrigin.Begin);
            int done = 0;
            while (done < buffer.Length)
            {
                int n = fs.Read(buffer, done, buffer.Length - done);
                if (n <= 0)
                {
                    return false;
                }

                done += n;
            }

            return true;
        }
    }
}
