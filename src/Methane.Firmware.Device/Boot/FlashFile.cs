using System;
using System.IO;

namespace Methane.Firmware.Device.Boot
{
    /// <summary>
    /// Whole-file reads and power-cut-safe replacement on the internal flash. A replacement is written to "name.new", then
    /// the old file is renamed to "name.old", the new one into place, and the old one deleted; <see cref="Recover"/> finishes or
    /// undoes an interrupted replacement at boot, so a reader never sees a half-written file.
    /// </summary>
    public static class FlashFile
    {
        public static bool Exists(string path)
        {
            return File.Exists(path);
        }

        /// <summary>The whole file, or null when it does not exist.</summary>
        public static byte[] ReadAll(string path)
        {
            Recover(path);
            if (!File.Exists(path))
            {
                return null;
            }

            using (FileStream fs = new FileStream(path, FileMode.Open, FileAccess.Read))
            {
                int length = (int)fs.Length;
                byte[] data = new byte[length];
                int done = 0;
                while (done < length)
                {
                    int n = fs.Read(data, done, length - done);
                    if (n <= 0)
                    {
                        break;
                    }

                    done += n;
                }

                if (done == length)
                {
                    return data;
                }

                byte[] shorter = new byte[done];
                Array.Copy(data, shorter, done);
                return shorter;
            }
        }

        public static void WriteAtomic(string path, byte[] data, int offset, int count)
        {
            string fresh = path + ".new";
            string old = path + ".old";
            if (File.Exists(fresh))
            {
                File.Delete(fresh);
            }

            using (FileStream fs = new FileStream(fresh, FileMode.Create, FileAccess.Write))
            {
                fs.Write(data, offset, count);
                fs.Flush();
            }

            if (File.Exists(old))
            {
                File.Delete(old);
            }

            if (File.Exists(path))
            {
                File.Move(path, old);
            }

            File.Move(fresh, path);
            if (File.Exists(old))
            {
                File.Delete(old);
            }
        }

        /// <summary>Completes an interrupted <see cref="WriteAtomic"/>: a complete ".new" wins only once the original is gone.</summary>
        public static void Recover(string path)
        {
            string fresh = path + ".new";
            string old = path + ".old";
            if (File.Exists(path))
            {
                if (File.Exists(old))
                {
                    File.Delete(old);
                }

                if (File.Exists(fresh))
                {
                    // The cut came before the swap began: the original is intact, the new copy may be torn.
                    File.Delete(fresh);
                }

                return;
            }

            if (File.Exists(old))
            {
                // The cut came between the two renames: the new copy was complete (it is only renamed after Flush).
                if (File.Exists(fresh))
                {
                    File.Move(fresh, path);
                    File.Delete(old);
                }
                else
                {
                    File.Move(old, path);
                }
            }
        }

        public static void Delete(string path)
        {
            if (File.Exists(path))
            {
                File.Delete(path);
            }

            if (File.Exists(path + ".new"))
            {
                File.Delete(path + ".new");
            }

            if (File.Exists(path + ".old"))
            {
                File.Delete(path + ".old");
            }
        }

        /// <summary>Creates <paramref name="path"/> and its parents (the nanoFramework call is not recursive).</summary>
        public static void EnsureDirectory(string path)
        {
            if (Directory.Exists(path))
            {
                return;
            }

            int cut = path.LastIndexOf('\\');
            if (cut > 2)
            {
                EnsureDirectory(path.Substring(0, cut));
            }

            Directory.CreateDirectory(path);
        }
    }
}
