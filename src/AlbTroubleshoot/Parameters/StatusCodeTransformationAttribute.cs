using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;

namespace AlbTroubleshoot
{
    /// <summary>
    /// Turns codes and classes (502, '502', '5XX') into StatusCodeFilter values before binding.
    /// Why: PowerShell binds a positional argument first to parameters that need no type
    /// conversion. Without this, `Get-AlbErrorCause 5XX` would bind '5XX' to the live set's
    /// positional -Name (a string) instead of -StatusCode. A number, text or other simple value that
    /// is not a code is a parameter error (ParameterArgumentTransformationError) rather than a name to
    /// look up live; $null is no code at all (an empty array, which the cmdlet reports). Any other
    /// object is returned unchanged, so it fails to bind here and goes to its own parameters (piped
    /// snapshots, files, LoadBalancer objects).
    /// </summary>
    [AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
    public sealed class StatusCodeTransformationAttribute : ArgumentTransformationAttribute
    {
        public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
        {
            var value = inputData is PSObject pso ? pso.BaseObject : inputData;
            if (value is null) return Array.Empty<StatusCodeFilter>();
            if (value is string || value is not IEnumerable items)
                return IsCode(value, out var one) ? new[] { one! } : inputData;
            var list = new List<StatusCodeFilter>();
            foreach (var item in items)
            {
                var element = item is PSObject p ? p.BaseObject : item;
                if (element is null) continue;
                if (!IsCode(element, out var filter)) return inputData;
                list.Add(filter!);
            }
            return list.ToArray();
        }

        /// <summary>True for a code or class; false for an object that is not a simple value; throws for a simple value that is not a code.</summary>
        private static bool IsCode(object value, out StatusCodeFilter? filter)
        {
            filter = null;
            if (value is StatusCodeFilter f)
            {
                filter = f;
                return true;
            }
            if (!(value is string || value is char || value is bool || value.GetType().IsPrimitive || value is decimal)) return false;
            var text = Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
            try
            {
                filter = value switch
                {
                    string or char => new StatusCodeFilter(text),
                    bool => null,
                    _ => decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number == decimal.Truncate(number) && number >= 0 && number <= 999
                        ? new StatusCodeFilter((int)number)
                        : null,
                };
            }
            catch (Exception e) when (e is FormatException or ArgumentException)
            {
                filter = null;
            }
            if (filter is not null) return true;
            throw new ArgumentTransformationMetadataException("'" + text + "' is not a status code: give a number such as 502, or a class 4XX or 5XX. " +
                "For a load balancer, name it with -Name; for a snapshot file, use -Snapshot (or pipe Get-Item <file>).");
        }
    }
}
