using System.Collections.Generic;
using System.Management.Automation;
using AlbTroubleshoot.Json;

namespace AlbTroubleshoot.Collection
{
    /// <summary>
    /// The PSObject front of the engine's <see cref="ObjectWalker"/>: what AWS Tools cmdlets return
    /// arrives wrapped in PSObjects (SDK objects) or as PSCustomObjects; the walker does the rest
    /// (SDK enum objects, null collections, DateTime → ISO, and the bounds: cycles, depth, size), and
    /// CliSpelling then rewrites the SDK spellings into CLI ones.
    /// </summary>
    internal static class PSObjectAdapter
    {
        /// <exception cref="ObjectWalkException">The object contains itself, or is too deep or too large to be data.</exception>
        public static JsonValue ToJson(object? value) => ObjectWalker.ToJson(value, Adapt);

        private static object? Adapt(object value)
        {
            if (value is not PSObject pso) return null;
            // Every PSCustomObject has the same base object: the wrapper is the object, for cycles too.
            if (pso.BaseObject is not PSCustomObject) return pso.BaseObject;
            return new ObjectProperties(pso, NoteProperties(pso));
        }

        private static IEnumerable<KeyValuePair<string, object?>> NoteProperties(PSObject pso)
        {
            foreach (var property in pso.Properties)
            {
                // Data only: note properties (and adapted ones), not script properties type data may add for display.
                if (property.MemberType != PSMemberTypes.NoteProperty && property.MemberType != PSMemberTypes.Property) continue;
                object? v;
                try { v = property.Value; }
                catch (GetValueException) { continue; }
                yield return new KeyValuePair<string, object?>(property.Name, v);
            }
        }
    }
}
