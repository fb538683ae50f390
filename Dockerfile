# FeedHub: build with the .NET SDK, run on the smaller ASP.NET runtime image as a non-root user.
#   docker build -t feedhub .
#   docker run -d -p 5080:5080 -v feedhub-data:/data feedhub
# The database lives in the /data volume; the config in /app/config, which the app user may edit (POST/DELETE /api/sources,
# feedhub sources add): mount your own config folder there to keep your sources (read-only, :ro, edits answer 409).

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
# .editorconfig too: the analyzer rules it turns off are build errors without it (TreatWarningsAsErrors).
COPY .editorconfig Directory.Build.props Directory.Packages.props ./
COPY src/FeedHub.Core/FeedHub.Core.csproj src/FeedHub.Core/
COPY src/FeedHub/FeedHub.csproj src/FeedHub/
RUN dotnet restore src/FeedHub/FeedHub.csproj
COPY src/ src/
# .ci/run runs this same publish command, since no Docker engine runs in CI.
RUN dotnet publish src/FeedHub/FeedHub.csproj -c Release -o /app --no-restore

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app ./
# The config folder is the app user's, so that editing sources works in the image: an edit writes a new file beside
# feedhub.json and renames it over the old one, which needs the folder to be writable.
COPY --chown=app:app config/ ./config/
# The baked config allows no private or loopback network (Network.AllowedNetworks is empty): feed content can't
# reach the container's own services. Its offline samples need none, as FeedHub answers them in process.
# The image's non-root "app" user owns the data volume and the config folder, and nothing else.
RUN mkdir -p /data && chown app:app /data
VOLUME /data
ENV FeedHub__Store__Path=/data/feedhub.db \
    FeedHub__Http__Url=http://0.0.0.0:5080 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
EXPOSE 5080
USER app
HEALTHCHECK --interval=30s --timeout=10s --start-period=20s --retries=3 CMD ["dotnet", "feedhub.dll", "health"]
ENTRYPOINT ["dotnet", "feedhub.dll"]
CMD ["serve"]
