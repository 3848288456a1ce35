#if NET
using System;
using System.Linq;
using System.Reflection;
using AlbTroubleshoot.AccessLogs;
using Xunit;

namespace AlbTroubleshoot.Tests.AccessLogs
{
    /// <summary>
    /// The methods the access-log reader runs for every line carry <see cref="HotPath.Options"/>, so the
    /// first call of a session runs final code: a precompiled method that runs often is otherwise
    /// recompiled while the call runs, to an instrumented version first (slower: it counts), which made
    /// the first Measure-AlbAccessLog of a session about 1.4 times the next ones.
    /// The list is what the runtime showed recompiling during a first call without the option:
    /// DOTNET_JitStdOutFile=jit.txt DOTNET_JitDisasmSummary=1 pwsh -c "Import-Module ...; Measure-AlbAccessLog -Path big.log.gz",
    /// then the "Instrumented" lines of AlbTroubleshoot.AccessLogs (per-chunk and per-result methods left out).
    /// A new method called per line belongs here and on the list.
    /// </summary>
    public class HotPathTests
    {
        private static readonly (Type Type, string[] Methods)[] PerLine =
        {
            (typeof(LineView), new[] { "TokenizeFirst", "SplitUntil", "Has", "IsDash", "Equals", "Int", "Status", "ParseLong", "ParseDecimal", "ParseTicks", "D" }),
            (typeof(ByteKeyTable), new[] { "Find", "SameBytes", "Hash" }),
            (typeof(SipHash), new[] { "Compute", "Word", "Round", "Rotl" }),
            (typeof(AccessLogClassifier), new[] { "MayHaveCause", "Classify", "FromErrorReason", "FromActions", "Protocol464", "Is", "Contains" }),
            (typeof(AccessLogQuery), new[] { "Matches" }),
            (typeof(AccessLogFile), new[] { "ReadLines", "Check", "CheckRest", "BadQuoting", "CountOrDash", "TypeOf" }),
            (typeof(AccessLogAggregator), new[] { "NeedsAllFields", "OnLine", "Count", "KeyOf" }),
            (typeof(GzipMembersStream), new[] { "Read" }),
        };

        private const BindingFlags Declared = BindingFlags.DeclaredOnly | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance;

        [Fact]
        public void Every_per_line_method_is_compiled_once_fully_optimized()
        {
            Assert.Equal(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization, HotPath.Options);
            var missing = PerLine
                .SelectMany(t => t.Methods.Select(name => (t.Type, Name: name, Found: t.Type.GetMethods(Declared).Where(m => m.Name == name).ToArray())))
                .Where(m => m.Found.Length == 0 || m.Found.Any(f => !f.MethodImplementationFlags.HasFlag(MethodImplAttributes.AggressiveOptimization)))
                .Select(m => $"{m.Type.Name}.{m.Name}{(m.Found.Length == 0 ? " (no such method)" : "")}")
                .ToList();
            Assert.Empty(missing);
        }

        [Fact]
        public void The_group_table_and_key_looked_up_per_line_are_too()
        {
            var aggregator = typeof(AccessLogAggregator);
            var key = aggregator.GetNestedType("GroupKey", BindingFlags.NonPublic)!;
            var table = aggregator.GetNestedType("GroupTable`1", BindingFlags.NonPublic)!;
            Assert.True(key.GetMethod("GetHashCode", Declared, null, Type.EmptyTypes, null)!.MethodImplementationFlags.HasFlag(MethodImplAttributes.AggressiveOptimization));
            Assert.All(new[] { "Find", "Add" }, name =>
                Assert.True(table.GetMethod(name, Declared)!.MethodImplementationFlags.HasFlag(MethodImplAttributes.AggressiveOptimization), name));
        }
    }
}
#endif
