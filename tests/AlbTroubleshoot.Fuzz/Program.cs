using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using AlbTroubleshoot.Tests.Fuzzing;
using SharpFuzz;

namespace AlbTroubleshoot.Fuzz
{
    /// <summary>
    /// The harness build.ps1 -Task Fuzz runs under AFL++ (the targets are <see cref="FuzzTargets"/>):
    /// <list type="bullet">
    /// <item><c>instrument &lt;dll&gt;</c> adds SharpFuzz's coverage probes to the engine assembly (once, after each build);</item>
    /// <item><c>&lt;target&gt;</c> runs one target under afl-fuzz;</item>
    /// <item><c>replay &lt;target&gt; &lt;file&gt;...</c> runs inputs once, outside AFL++ (with the engine not
    /// instrumented), and prints what a crash threw.</item>
    /// </list>
    /// </summary>
    public static class Program
    {
        private static IReadOnlyDictionary<string, Action<byte[]>> Targets => FuzzTargets.All;

        public static int Main(string[] args)
        {
            if (args.Length == 2 && args[0] == "instrument")
            {
                Fuzzer.Instrument(args[1], type => type.StartsWith("AlbTroubleshoot.", StringComparison.Ordinal), Options.Value);
                return 0;
            }
            if (args.Length >= 3 && args[0] == "replay" && Targets.TryGetValue(args[1], out var replayed))
            {
                var failed = 0;
                foreach (var file in args.Skip(2))
                {
                    try
                    {
                        replayed(File.ReadAllBytes(file));
                        Console.WriteLine("ok    " + file);
                    }
#pragma warning disable CA1031 // a replay reports every failure, whatever it is
                    catch (Exception e)
#pragma warning restore CA1031
                    {
                        failed++;
                        Console.WriteLine("CRASH " + file);
                        Console.WriteLine(e.ToString());
                    }
                }
                return failed == 0 ? 0 : 1;
            }
            if (args.Length == 1 && Targets.TryGetValue(args[0], out var target))
            {
                Fuzzer.OutOfProcess.Run(stream =>
                {
                    using var memory = new MemoryStream();
                    stream.CopyTo(memory);
                    target(memory.ToArray());
                });
                return 0;
            }
            Console.Error.WriteLine("usage: AlbTroubleshoot.Fuzz instrument <AlbTroubleshoot.Core.dll> | <target> | replay <target> <file>...");
            Console.Error.WriteLine("targets: " + string.Join(", ", Targets.Keys));
            return 2;
        }
    }
}
