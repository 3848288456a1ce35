using System.Runtime.CompilerServices;

namespace AlbTroubleshoot.AccessLogs
{
    /// <summary>
    /// The method options of the access-log reader's per-line methods. On .NET (PowerShell 7), a
    /// precompiled (ReadyToRun) method that runs often is compiled twice more while the first call
    /// runs: to an instrumented version, then to the final one (tiered compilation with profile-guided
    /// optimization), on a background thread that competes with the reader for the cores and runs the
    /// slower instrumented code meanwhile. AggressiveOptimization compiles these few methods once, fully
    /// optimized, when first called, so the first call of a session runs as fast as the next ones.
    /// .NET Framework has no tiers: nothing to ask there. HotPathTests lists the per-line methods that need it.
    /// </summary>
    internal static class HotPath
    {
#if NET
        public const MethodImplOptions Options = MethodImplOptions.AggressiveOptimization;
#else
        public const MethodImplOptions Options = 0;
#endif
    }
}
