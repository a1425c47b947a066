using System;
using System.Reflection;

namespace Methane.Firmware.Memory
{
    /// <summary>
    /// The managed heap after a full collection. On nanoCLR: nanoFramework.Runtime.Native.GC.Run(false), which returns the
    /// free bytes (found by reflection, so this program needs only mscorlib to compile; deploy nanoFramework.Runtime.Native.pe
    /// with it). On .NET: GC.GetTotalMemory(true), the bytes in use.
    /// </summary>
    public static class HeapProbe
    {
#if NANOFRAMEWORK
        public const string Measure = "free";

        public static long AfterFullCollection()
        {
            Type gc = Type.GetType("nanoFramework.Runtime.Native.GC, nanoFramework.Runtime.Native");
            if (gc == null) { return -1; }
            MethodInfo run = gc.GetMethod("Run");
            object free = run.Invoke(null, new object[] { false });
            // nanoCLR boxes this uint result as an int (its native sets an I4): unboxing it as uint throws InvalidCastException.
            return free is int ? (long)(uint)(int)free : (long)(uint)free;
        }

        public static long AllocatedBytes()
        {
            return -1;
        }
#else
        public const string Measure = "in-use";

        public static long AfterFullCollection()
        {
            return GC.GetTotalMemory(true);
        }

        public static long AllocatedBytes()
        {
            return GC.GetAllocatedBytesForCurrentThread();
        }
#endif
    }
}
