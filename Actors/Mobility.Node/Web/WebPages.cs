using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace Mobility.Node.Web;

/// <summary>
/// The built pages (web/ compiled into <c>ui/</c> beside the executable) served at <c>/ui/</c> by the static-files
/// middleware over a physical folder, compressed (brotli or gzip) when the browser accepts it. A plain folder copied
/// to the output is what worked under <c>dotnet run</c>, in tests and after publish (see docs/web.md).
/// </summary>
public static class WebPages
{
    public const string Path = "/ui";

    public static string Folder => System.IO.Path.Combine(AppContext.BaseDirectory, "ui");

    public static IServiceCollection AddWebPages(this IServiceCollection services)
    {
        services.AddSingleton<TerritoryMapCache>();
        services.AddResponseCompression(o =>
        {
            o.EnableForHttps = true;
            o.Providers.Add<BrotliCompressionProvider>();
            o.Providers.Add<GzipCompressionProvider>();
            o.MimeTypes = ["text/html", "text/css", "application/javascript", "text/javascript", "application/json", "image/svg+xml"];
        });
        return services;
    }

    public static WebApplication UseWebPages(this WebApplication app)
    {
        app.MapTerritoryMap();
        if (!Directory.Exists(Folder))
        {
            return app;
        }

        var types = new FileExtensionContentTypeProvider();
        types.Mappings[".mjs"] = "text/javascript";
        types.Mappings[".js"] = "text/javascript";
        types.Mappings[".geojson"] = MapEndpoints.GeoJsonType;
        var files = new PhysicalFileProvider(Folder);
        app.UseWhen(c => c.Request.Path.StartsWithSegments(Path), branch =>
        {
            // "/ui" -> "/ui/", so the page's relative URLs resolve inside the folder (a route would also match "/ui/").
            branch.Use((context, next) =>
            {
                if (context.Request.Path.Value == Path)
                {
                    context.Response.Redirect(Path + "/" + context.Request.QueryString);
                    return Task.CompletedTask;
                }

                return next(context);
            });
            branch.UseResponseCompression();
            branch.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, RequestPath = Path });
            branch.UseStaticFiles(new StaticFileOptions
            {
                FileProvider = files,
                RequestPath = Path,
                ContentTypeProvider = types,
                // Revalidated on each load (ETag, Last-Modified), so a node with a new build never serves an old page.
                OnPrepareResponse = c => c.Context.Response.Headers.CacheControl = "no-cache",
            });
        });
        return app;
    }
}
