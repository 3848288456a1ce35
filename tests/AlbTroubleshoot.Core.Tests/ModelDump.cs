using System.Collections;
using System.Globalization;
using System.Linq;
using System.Text;

namespace AlbTroubleshoot.Tests
{
    /// <summary>Writes every public property of a model graph as text, so two models compare as strings with a readable diff.</summary>
    internal static class ModelDump
    {
        public static string Of(object? value)
        {
            var sb = new StringBuilder();
            Write(sb, value, 0);
            return sb.ToString();
        }

        private static void Write(StringBuilder sb, object? value, int depth)
        {
            if (depth > 12)
            {
                sb.Append('…');
                return;
            }
            switch (value)
            {
                case null: sb.Append("null"); return;
                case string s: sb.Append('"').Append(s).Append('"'); return;
                case System.DateTime t: sb.Append(t.ToString("o", CultureInfo.InvariantCulture)); return;
                case bool or int or long: sb.Append(System.Convert.ToString(value, CultureInfo.InvariantCulture)); return;
                // Parsed network values: their text is their identity (IpCidr exposes an IPAddress whose ScopeId throws for IPv4).
                case AlbTroubleshoot.Network.IpCidr or AlbTroubleshoot.Network.PortRange or AlbTroubleshoot.Network.IpProtocol: sb.Append(value); return;
                case IDictionary d:
                    sb.Append('{');
                    foreach (var key in d.Keys.Cast<object>().OrderBy(k => k.ToString(), System.StringComparer.Ordinal))
                    {
                        sb.Append(key).Append('=');
                        Write(sb, d[key], depth + 1);
                        sb.Append(';');
                    }
                    sb.Append('}');
                    return;
                case IEnumerable e:
                    sb.Append('[');
                    foreach (var item in e)
                    {
                        Write(sb, item, depth + 1);
                        sb.Append(',');
                    }
                    sb.Append(']');
                    return;
            }
            var type = value.GetType();
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(System.Collections.Generic.KeyValuePair<,>))
            {
                sb.Append(type.GetProperty("Key")!.GetValue(value)).Append("=>");
                Write(sb, type.GetProperty("Value")!.GetValue(value), depth + 1);
                return;
            }
            sb.Append(type.Name).Append('(');
            foreach (var p in type.GetProperties().Where(p => p.GetIndexParameters().Length == 0).OrderBy(p => p.Name, System.StringComparer.Ordinal))
            {
                sb.Append('\n').Append(' ', depth * 2).Append(p.Name).Append(": ");
                Write(sb, p.GetValue(value), depth + 1);
            }
            sb.Append(')');
        }
    }
}
