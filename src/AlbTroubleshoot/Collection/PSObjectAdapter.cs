using System.Management.Automation;
using AlbTroubleshoot.Json;

namespace AlbTroubleshoot.Collection
{
    /// <summary>
    /// The PSObject front of the engine's <see cref="ObjectWalker"/>: what AWS Tools cmdlets return
    /// arrives wrapped in PSObjects (SDK objects) or as PSCustomObjects; the walker does the rest
    /// (SDK enum objects, null collections, DateTime → ISO), and CliSpelling then rewrites the SDK
    /// spellings into CLI ones.
    /// </summary>
    internal static class PSObjectAdapter
    {
        public static JsonValue ToJson(object? value) => ObjectWalker.ToJson(value, Convert);

        private static JsonValue? Convert(object value)
        {
            if (value is not PSObject pso) return null;
            if (pso.BaseObject is not PSCustomObject) return ObjectWalker.ToJson(pso.BaseObject, Convert);
            var result = new JsonObject();
            foreach (var property in pso.Properties)
            {
                // Data only: note properties (and adapted ones), not script properties type data may add for display.
                if (property.MemberType != PSMemberTypes.NoteProperty && property.MemberType != PSMemberTypes.Property) continue;
                object? v;
                try { v = property.Value; }
                catch (GetValueException) { continue; }
                result.Set(property.Name, ObjectWalker.ToJson(v, Convert));
            }
            return result;
        }
    }
}
