using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;

namespace AlbTroubleshoot
{
    /// <summary>
    /// Turns codes and classes (502, '502', '5XX') into StatusCodeFilter values before binding.
    /// Why: PowerShell binds a positional argument first to parameters that need no type
    /// conversion. Without this, `Get-AlbErrorCause 5XX` would bind '5XX' to the live set's
    /// positional -Name (a string) instead of -StatusCode. Anything that is not a code is returned
    /// unchanged, so other piped objects still fail to bind here and go to their own parameters,
    /// and a bad named value still gets PowerShell's usual conversion error.
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class StatusCodeTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            var value = inputData is PSObject pso ? pso.BaseObject : inputData;
            if (value is string || value is not IEnumerable items)
                return TryConvert(value, out var one) ? new[] { one! } : inputData;
            var list = new List<StatusCodeFilter>();
            foreach (var item in items)
            {
                if (!TryConvert(item is PSObject p ? p.BaseObject : item, out var filter)) return inputData;
                list.Add(filter!);
            }
            return list.ToArray();
        }

        private static bool TryConvert(object? value, out StatusCodeFilter? filter)
        {
            filter = null;
            try
            {
                switch (value)
                {
                    case StatusCodeFilter f: filter = f; break;
                    case int i: filter = new StatusCodeFilter(i); break;
                    case long l when l >= 0 && l <= 999: filter = new StatusCodeFilter((int)l); break;
                    case short s: filter = new StatusCodeFilter(s); break;
                    case byte b: filter = new StatusCodeFilter(b); break;
                    case string t: filter = new StatusCodeFilter(t); break;
                }
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                filter = null;
            }
            return filter is not null;
        }
    }
}
