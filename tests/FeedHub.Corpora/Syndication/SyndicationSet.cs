namespace FeedHub.Benchmarks.Storage;

/// <summary>One item of the labelled set: the story it tells (items with the same story are copies), the outlet, its headline and body.</summary>
public sealed record LabelledItem(string Story, string Outlet, string Title, string Text);

/// <summary>
/// The labelled set syndication is measured on, written for FeedHub (no outside text). Items arrive in this order, each
/// from its outlet; an item should join the story of an earlier item with the same <see cref="LabelledItem.Story"/>
/// from another outlet, and never any other. It holds:
/// <list type="bullet">
/// <item>wire reports carried by three or four outlets: each outlet's own headline, header and footer boilerplate,
/// paragraphs reordered, a local sentence added, light wording edits, a photo caption, the last paragraph cut;</item>
/// <item>short briefs carried twice (the higher bar for short texts);</item>
/// <item>different stories on the same subject: the same event written independently (same facts and numbers, other
/// words), updates with substantially new text, and texts filled into one template (football results, stock reports);</item>
/// <item>short boilerplate bodies (developing-story stubs, weather boxes) that look alike without being one story.</item>
/// </list>
/// </summary>
public static class SyndicationSet
{
    private static readonly string[] Wire =
    [
        // 0: harbour strike
        """
        Dock workers at the port of Linmouth walked out on Tuesday morning after talks over night-shift pay broke down late on Monday, leaving more than forty container ships waiting offshore.

        The union representing about 2,300 crane operators and lashers said the stoppage would last at least 72 hours. Its regional secretary, Maren Olsby, told a rally outside the main gate that members had been offered a rise of 3.1 percent against inflation running close to six.

        "Nobody here wants to stop the port," Olsby said. "But the night crews have carried this harbour through two winters of record volumes, and they are being asked to accept a pay cut in all but name."

        The port authority said it regretted the action and that its offer remained on the table. A spokesman said contingency plans would keep perishable cargo and fuel deliveries moving, but warned that the backlog could take a week to clear once work resumed.

        Freight forwarders said the timing was poor, with retailers building stock ahead of the holiday season. One logistics firm estimated that each day of the strike would delay around 9,000 containers.

        The transport ministry urged both sides to return to talks and offered the services of a state mediator. No new meeting had been scheduled by Tuesday evening.
        """,
        // 1: vaccine trial
        """
        A vaccine against the respiratory syncytial virus cut hospital admissions among adults over 60 by 71 percent in a large trial, researchers reported on Wednesday, raising hopes of a seasonal shot for older people within two years.

        The study followed 24,600 volunteers across nine countries over two winters. Half received the vaccine and half a placebo. Among those vaccinated, 38 people were admitted to hospital with the virus, compared with 131 in the placebo group.

        Side effects were mostly mild, the authors said, with sore arms and tiredness the most common complaints. Two cases of a rare nerve disorder were recorded in the vaccine group and are being investigated, although the researchers said it was not yet clear whether they were linked to the shot.

        "These are the numbers we hoped to see," said the trial's lead investigator, Dr. Ilse Varga of the University of Kessford. "The virus is a major cause of winter hospital stays in older adults, and until now we have had very little to offer them."

        The manufacturer said it would file for approval with regulators in Europe and North America early next year. Health economists cautioned that the price of the vaccine would decide how widely it is used by public health systems.

        Independent experts welcomed the results but said longer follow-up was needed to show whether protection lasts beyond a second season.
        """,
        // 2: rail line opening
        """
        The first passenger trains ran on the new Eastvale rail link on Saturday, cutting the journey between the city centre and the airport to 19 minutes and ending almost a decade of construction delays.

        Around 4,000 people rode the line on its opening morning, many of them rail enthusiasts who had queued since before dawn at Central Station. Trains will run every ten minutes from 5 a.m. until midnight.

        The 14-kilometre line cost 2.8 billion euros, nearly double the original estimate, after tunnelling under the old river district ran into flooding and unstable ground. Two contractors went bankrupt during the project.

        The regional transport minister, Tomas Relling, admitted the delays had tested public patience. "We asked people to put up with a lot," he said at the opening ceremony. "Today they get something that will serve this region for a hundred years."

        Operators expect 45,000 passengers a day within three years. A single ticket to the airport will cost 6.50 euros, with discounts for season ticket holders.

        Residents along the route said they were glad the works were over but remained worried about noise from night maintenance trains. The operator said it would publish noise measurements every month.
        """,
        // 3: wildfire
        """
        Firefighters battled a wildfire in the hills north of Santa Orla for a third day on Thursday as strong winds pushed the flames towards several villages and forced about 6,500 people from their homes.

        The fire has burned more than 11,000 hectares of pine forest and scrubland since it broke out on Tuesday afternoon near a motorway rest area. Investigators have not yet said how it started.

        More than 900 firefighters, supported by 14 water-bombing aircraft, were deployed along a 30-kilometre front. Regional officials said two firefighters had been treated for smoke inhalation and one resident had suffered burns while trying to save livestock.

        "The wind is our biggest enemy," said fire chief Aldo Ferrante. "Gusts of 70 kilometres an hour can carry embers a kilometre ahead of the front, and that is what we are fighting tonight."

        Emergency shelters were set up in schools and sports halls in Santa Orla and two neighbouring towns. The main coastal road was closed in both directions and rail services were suspended.

        Forecasters said the wind was expected to ease on Friday evening, which could give crews a chance to contain the blaze. The region has had its driest summer in forty years.
        """,
        // 4: central bank
        """
        The central bank left its main interest rate unchanged at 4.25 percent on Thursday but signalled that it could begin cutting borrowing costs in the spring if inflation keeps falling.

        Inflation slowed to 3.4 percent in October from a peak of more than nine percent last year, helped by lower energy prices. The bank said it now expected inflation to reach its two percent target in the second half of next year.

        Governor Helena Marsk said the decision was unanimous. "We have come a long way, but the last part of the journey is often the hardest," she told reporters. "We want to be sure that price pressures in services are easing before we move."

        Markets had widely expected the bank to hold. The currency weakened slightly after the announcement as investors read the statement as a sign that cuts were coming sooner than previously thought.

        Business groups urged the bank to act quickly, saying high borrowing costs were holding back investment. Unions said households were still struggling with rents and food prices that remained well above their levels of three years ago.

        The bank's next rate decision is due on January 30.
        """,
        // 5: museum theft
        """
        Thieves broke into the Grauwald Museum of Applied Art early on Sunday and escaped with a collection of eighteenth-century gold snuff boxes valued at several million euros, police said.

        The intruders entered through a ground-floor window at the back of the building shortly after 3 a.m., cut through a display case and were gone within eight minutes, according to investigators who have reviewed security footage.

        Police said two people dressed in dark clothing could be seen on the footage. A car was later found burnt out on a farm track about 20 kilometres from the city.

        The museum's director, Petra Lindqvist, said the loss was devastating. "These objects are not only valuable, they are irreplaceable," she said. "Their real worth lies in what they tell us about the craftsmen who made them."

        The stolen boxes were part of a bequest made to the museum in 1962. Several had been lent to exhibitions in London and Vienna in recent years.

        Police appealed for witnesses and warned dealers and collectors that the objects could be offered for sale abroad. The museum will stay closed until at least Wednesday.
        """,
        // 6: software outage
        """
        A software update at one of the world's largest cloud providers knocked thousands of websites and apps offline for several hours on Monday, disrupting airline check-ins, online banking and payment terminals in shops.

        The company said a faulty change to its network configuration had been rolled out to data centres in several regions at once shortly after 9 a.m. Services began to recover about four hours later, once engineers reversed the change.

        Airlines reported long queues at check-in desks as staff reverted to manual systems. Several banks said customers could not log in to their apps, and retailers said card payments had failed intermittently during the morning.

        In a statement, the provider apologised and said it would review how updates are tested and released. "We fell short of the standards our customers expect," it said. "We are taking steps to make sure a change like this cannot reach every region at the same time again."

        The outage renewed concerns among regulators about how much of the economy depends on a small number of cloud companies. A parliamentary committee said it would ask executives to give evidence next month.

        Analysts said the financial cost of the disruption could run into hundreds of millions of dollars.
        """,
        // 7: river cleanup
        """
        Salmon have returned to spawn in the upper reaches of the River Tallen for the first time in more than a century, scientists said on Friday, crediting a twenty-year programme to remove weirs and cut pollution from farms.

        Researchers from the regional fisheries institute counted 212 spawning nests, known as redds, along a stretch of gravel beds above the town of Hollin during surveys in November.

        The river was once one of the most productive salmon rivers in the north, but mills, dams and sewage drove the fish out in the late nineteenth century. Since 2004, seven weirs have been removed or fitted with fish passes, and farmers have been paid to fence off river banks and plant trees.

        "This is the result of a lot of patient, unglamorous work by many people," said biologist Karin Ost, who led the survey. "Salmon are very demanding. If they come back, it means the whole river is in better health."

        Anglers' groups welcomed the news but warned that warmer summers and low water levels remained a threat to young fish.

        The institute plans to fit tags to some of the returning salmon next year to learn where they spend their years at sea.
        """,
    ];

    /// <summary>Each outlet's own headline for the wire stories, and its boilerplate around them.</summary>
    private static readonly (string Outlet, string Header, string Footer)[] Outlets =
    [
        ("wire", "", ""),
        ("daily-courier", "By Courier staff and wire services", "Sign up for the Morning Courier newsletter to get the day's top stories in your inbox. Have a tip? Contact our newsroom."),
        ("north-gazette", "", "Copyright 2026 North Gazette Media. This article was provided by a news agency and may not be republished without permission."),
        ("valley-herald", "Herald News Service", "Read more local and national news at the Valley Herald. Follow us on social media for live updates."),
    ];

    private static readonly string[][] Headlines =
    [
        ["Linmouth dock workers strike over night-shift pay", "Port paralysed as crane crews walk out", "Ships stack up off Linmouth as strike begins", "Linmouth port strike to last at least 72 hours"],
        ["RSV vaccine cuts hospital stays in over-60s by 71%", "New vaccine protects older adults from winter virus", "Trial: RSV shot sharply reduces admissions", "Hope for seasonal RSV jab after big trial"],
        ["Eastvale airport rail link opens after years of delay", "First trains run on 2.8bn-euro airport line", "Airport in 19 minutes: Eastvale link opens", "Crowds ride new rail line on opening day"],
        ["Wildfire forces 6,500 from homes near Santa Orla", "Winds drive blaze towards villages", "Santa Orla fire burns for third day", "Thousands evacuated as wildfire spreads"],
        ["Central bank holds rate at 4.25%, hints at spring cut", "Rates on hold as inflation eases", "Bank signals cuts could come in spring", "Marsk: 'last part of the journey is the hardest'"],
        ["Gold snuff boxes stolen in Grauwald museum raid", "Thieves escape with museum treasures in eight minutes", "Police hunt museum raiders", "Priceless boxes taken from Grauwald museum"],
        ["Cloud outage knocks thousands of sites offline", "Faulty update hits airlines, banks and shops", "Hours-long outage blamed on network change", "Cloud provider apologises after global disruption"],
        ["Salmon spawn in upper Tallen for first time in a century", "Salmon are back in the Tallen", "Weir removal brings fish back to river", "Scientists count 212 salmon nests above Hollin"],
    ];

    /// <summary>A local sentence one outlet adds to a story.</summary>
    private static readonly string[] LocalLines =
    [
        "Several ferry operators in our region said their own crossings were not affected.",
        "Local doctors said they had not yet been told when the vaccine might reach surgeries here.",
        "Commuters from our area can change onto the new line at Brockley Junction.",
        "Our reporter in Santa Orla saw queues of cars heading south on the old mountain road.",
        "Mortgage brokers in the valley said fixed-rate deals had already begun to fall.",
        "The museum had been a popular destination for school trips from across the province.",
        "A spokesperson for the regional hospital trust said its own systems had kept running.",
        "The Tallen flows through the eastern edge of our county before reaching the sea.",
    ];

    /// <summary>Wording edits a desk makes to a wire text (the second outlet's light edit).</summary>
    private static readonly (string From, string To)[] Edits =
    [
        (" said ", " said on Tuesday "), ("about ", "around "), ("percent", "per cent"), (" more than ", " over "), ("However, ", "But "),
    ];

    public static IReadOnlyList<LabelledItem> Items { get; } = Build();

    private static List<LabelledItem> Build()
    {
        var items = new List<LabelledItem>();
        for (var s = 0; s < Wire.Length; s++)
        {
            var story = "wire-" + s;
            var paragraphs = Paragraphs(Wire[s]);
            items.Add(new LabelledItem(story, Outlets[0].Outlet, Headlines[s][0], Join(paragraphs)));
            // The courier: its header and newsletter footer, and a photo caption above the text.
            items.Add(new LabelledItem(story, Outlets[1].Outlet, Headlines[s][1],
                Join([Outlets[1].Header, $"Photo: {Headlines[s][1]} (file picture)", .. paragraphs, Outlets[1].Footer])));
            // The gazette: the third and fourth paragraphs swapped, a local sentence added, its copyright line.
            var reordered = paragraphs.ToList();
            (reordered[2], reordered[3]) = (reordered[3], reordered[2]);
            reordered.Insert(4, LocalLines[s]);
            items.Add(new LabelledItem(story, Outlets[2].Outlet, Headlines[s][2], Join([.. reordered, Outlets[2].Footer])));
            // Half the stories also reach the herald: its desk's wording, the last paragraph cut, its own lines.
            if (s % 2 == 0)
            {
                var edited = Edits.Aggregate(Join(paragraphs[..^1]), (text, edit) => text.Replace(edit.From, edit.To));
                items.Add(new LabelledItem(story, Outlets[3].Outlet, Headlines[s][3], Join([Outlets[3].Header, edited, Outlets[3].Footer])));
            }
        }
        items.AddRange(ShortBriefs());
        items.AddRange(SameEventOtherWords());
        items.AddRange(Updates());
        items.AddRange(FootballResults());
        items.AddRange(StockReports());
        items.AddRange(Stubs());
        return items;
    }

    /// <summary>Briefs of 70-100 words carried twice: once as they came, once with a short credit line.</summary>
    private static IEnumerable<LabelledItem> ShortBriefs()
    {
        const string bridge = """
            The Old Mill bridge in Kessford will close to traffic from Monday for three weeks of repairs to its stone arches, the city council said. Pedestrians and cyclists will still be able to cross on a temporary walkway on the downstream side. Buses on routes 4 and 12 will be diverted through Market Street, adding about ten minutes to journeys at peak times. The council said the work had been brought forward after an inspection in September found loose masonry below the waterline.
            """;
        const string library = """
            The central library in Hollin will open on Sundays from next month for the first time in its history, after the town council agreed to fund two extra staff. The library will open from 11 a.m. to 4 p.m. on Sundays, with the children's floor and the study rooms available. Officials said visitor numbers had risen by a fifth since the building was renovated last year, and that weekend demand from students had been the most common request in a public survey.
            """;
        yield return new LabelledItem("brief-bridge", "wire", "Old Mill bridge to close for repairs", Normalize(bridge));
        yield return new LabelledItem("brief-bridge", "daily-courier", "Kessford bridge shut for three weeks", Normalize(bridge));
        yield return new LabelledItem("brief-library", "wire", "Hollin library to open on Sundays", Normalize(library));
        yield return new LabelledItem("brief-library", "north-gazette", "Sunday opening for Hollin library",
            Normalize(library) + "\n\nCopyright 2026 North Gazette Media.");
    }

    /// <summary>The same event reported by other outlets in their own words: the same facts and numbers, other text.</summary>
    private static IEnumerable<LabelledItem> SameEventOtherWords()
    {
        yield return new LabelledItem("own-strike", "valley-herald", "Crane crews down tools at Linmouth", Normalize("""
            More than forty container ships were anchored off Linmouth on Tuesday as the port's crane operators and lashers began a strike of at least 72 hours.

            The walkout, involving some 2,300 workers, follows the collapse of negotiations on Monday night. At the heart of the dispute is pay for night shifts: the union says the 3.1 percent offered falls far short of inflation of almost six percent.

            Maren Olsby, who leads the union in the region, addressed several hundred workers at the port entrance. She said crews who had kept the harbour running through two busy winters deserved better than a real-terms cut.

            Port managers said their offer still stood and that fuel and fresh food would continue to be handled. Shipping agents expect around 9,000 containers a day to be held up, just as shops stock up for the holidays.

            The government has offered a mediator. Neither side has agreed a date to meet.
            """));
        yield return new LabelledItem("own-fire", "north-gazette", "Villages emptied as Santa Orla blaze grows", Normalize("""
            Some 6,500 residents of villages north of Santa Orla spent Thursday night in school gyms and sports halls as a wildfire that has already destroyed over 11,000 hectares was driven south by gale-force gusts.

            Fire chief Aldo Ferrante described the wind as the crews' worst enemy, saying gusts of up to 70 kilometres an hour were throwing burning embers far beyond the fire line.

            About 900 firefighters and 14 aircraft are working along a front of roughly 30 kilometres. Two firefighters needed treatment after breathing in smoke, and a farmer was burned as he tried to rescue his animals.

            The coastal road and the railway have both been closed. The cause of the fire, which began on Tuesday close to a motorway service area, is under investigation.

            Some relief may come on Friday evening, when forecasters expect the wind to drop. It has been the driest summer in the region for four decades.
            """));
        yield return new LabelledItem("own-bank", "daily-courier", "Rates frozen, but cuts are on the horizon", Normalize("""
            Borrowers will have to wait a little longer for relief after the central bank kept its key rate at 4.25 percent on Thursday, though its governor left the door open to a cut as early as spring.

            Helena Marsk said all members of the rate-setting committee had backed the decision. Inflation has fallen to 3.4 percent from above nine percent a year ago, largely thanks to cheaper energy, and the bank now sees it returning to the two percent goal in the second half of next year.

            Marsk warned that the final stretch could be the most difficult and said the bank wanted firmer evidence that prices for services were cooling.

            Traders had priced in a hold. The currency slipped on the news as markets brought forward their bets on the first cut.

            Employers' organisations called for swift action to revive investment, while unions pointed to rents and grocery bills that are still far higher than three years ago. The next decision is on January 30.
            """));
    }

    /// <summary>Later versions with substantially new text: a new lead, new facts and numbers, and much more to read.</summary>
    private static IEnumerable<LabelledItem> Updates()
    {
        var fire = Paragraphs(Wire[3]);
        yield return new LabelledItem("update-fire", "valley-herald", "Santa Orla fire: two villages burn, evacuations widened", Join([
            "Flames reached the villages of Arvo and Pella north of Santa Orla on Friday morning, destroying at least 40 houses, as the number of people ordered from their homes rose to 14,000.",
            "The regional government declared a state of emergency and asked neighbouring regions for more aircraft. Four more water-bombing planes arrived from the south by midday, bringing the total to 18.",
            "Fire chief Aldo Ferrante said crews had been forced to pull back from the villages when the wind turned suddenly before dawn. \"We had to choose between the houses and the lives of our people,\" he said.",
            "A 78-year-old man was found dead in a burnt-out car on a forest track near Pella. Police said they had not yet identified him.",
            fire[0], fire[1],
            "The mayor of Santa Orla said the town's schools would stay closed next week and be used as shelters. Volunteers collected food, blankets and animal feed at the town hall throughout the day.",
            "Insurers said early estimates of the damage ran to tens of millions of euros.",
        ]));
        var outage = Paragraphs(Wire[6]);
        yield return new LabelledItem("update-outage", "north-gazette", "Cloud outage: provider names cause, faces inquiry", Join([
            "The cloud provider whose outage disrupted airlines, banks and shops on Monday said on Tuesday that a single engineer's configuration change had passed automated checks because a test system was itself misconfigured.",
            "In a detailed report published overnight, the company said the change removed routing entries used by its load balancers. It reached 31 data centres within 22 minutes, far faster than its own rules allow.",
            "The company said it would now release network changes to one region at a time, with a waiting period of at least six hours between regions, and would pay service credits to affected customers.",
            outage[0], outage[1],
            "The national financial regulator said it had asked three banks for a full account of how the outage affected payments and whether customers were charged fees for failed transactions.",
            "Shares in the provider fell 4 percent in early trading.",
        ]));
    }

    /// <summary>Football results written from one template: different teams, scores and scorers, the same sentences.</summary>
    private static IEnumerable<LabelledItem> FootballResults()
    {
        (string Home, string Away, int H, int A, string Scorer, int Minute, string Ground, int Crowd)[] games =
        [
            ("Linmouth Rovers", "Eastvale Town", 2, 1, "Jonas Berg", 78, "Harbour Park", 11204),
            ("Kessford United", "Hollin Athletic", 0, 3, "Marco Leto", 12, "Mill Lane", 8350),
            ("Santa Orla FC", "Grauwald City", 1, 1, "Pieter Vos", 55, "Estadio Norte", 15990),
            ("Tallen Wanderers", "Brockley Rangers", 4, 2, "Ade Okafor", 33, "Riverside", 6120),
            ("Eastvale Town", "Kessford United", 3, 0, "Lars Moen", 64, "Station Road", 9875),
            ("Hollin Athletic", "Linmouth Rovers", 2, 2, "Sami Kallio", 89, "The Meadow", 7433),
        ];
        var outlets = new[] { "wire", "daily-courier", "north-gazette", "valley-herald", "wire", "daily-courier" };
        for (var i = 0; i < games.Length; i++)
        {
            var g = games[i];
            var result = g.H > g.A ? $"{g.Home} beat {g.Away} {g.H}-{g.A}" : g.H < g.A ? $"{g.Away} won {g.A}-{g.H} away at {g.Home}" : $"{g.Home} and {g.Away} drew {g.H}-{g.A}";
            yield return new LabelledItem("football-" + i, outlets[i], $"{g.Home} {g.H}-{g.A} {g.Away}", Normalize($"""
                {result} in the league on Saturday in front of a crowd of {g.Crowd} at {g.Ground}.

                {g.Scorer} scored in the {g.Minute}th minute. The home side had {40 + i * 3} percent of possession and {5 + i} shots on target, while the visitors had {3 + i % 3} shots on target.

                The referee showed {2 + i % 4} yellow cards and no red cards. The home manager said after the match that he was pleased with the effort of his players and that the team would look to build on the performance in the next round of fixtures.

                The result leaves {g.Home} in {3 + i}th place in the table with {20 + i * 2} points from {12 + i % 2} matches, and {g.Away} in {9 + i}th place with {14 + i} points. Both clubs play again next weekend.
                """));
        }
    }

    /// <summary>Daily stock reports from one template: different companies and prices, the same sentences.</summary>
    private static IEnumerable<LabelledItem> StockReports()
    {
        (string Company, string Ticker, double Price, double Change, int VolumeThousands, string Sector)[] stocks =
        [
            ("Nordhavn Shipping", "NDH", 45.12, 2.3, 1840, "transport"),
            ("Kessford Pharma", "KPH", 118.40, -1.7, 950, "health care"),
            ("Eastvale Rail Holdings", "EVR", 12.85, 4.1, 3210, "transport"),
            ("Grauwald Insurance", "GWI", 67.02, -0.6, 720, "financials"),
            ("Tallen Foods", "TLF", 23.49, 0.9, 1105, "consumer staples"),
            ("Orla Energy", "ORE", 31.76, -3.2, 2650, "energy"),
        ];
        var outlets = new[] { "wire", "north-gazette", "daily-courier", "wire", "valley-herald", "north-gazette" };
        for (var i = 0; i < stocks.Length; i++)
        {
            var s = stocks[i];
            var direction = s.Change >= 0 ? "rose" : "fell";
            yield return new LabelledItem("stock-" + s.Ticker, outlets[i], $"{s.Company} shares {direction} {Math.Abs(s.Change):0.0}%", Normalize($"""
                Shares of {s.Company} ({s.Ticker}) {direction} {Math.Abs(s.Change):0.0} percent to close at {s.Price:0.00} euros on Tuesday, on volume of about {s.VolumeThousands},000 shares.

                The stock has moved {(s.Change >= 0 ? "up" : "down")} {Math.Abs(s.Change * 3.7):0.0} percent over the past month, compared with a change of {1.2 + i * 0.4:0.0} percent in the broader {s.Sector} index over the same period.

                Analysts covering the company have an average price target of {s.Price * 1.15:0.00} euros. Of the {8 + i} analysts, {3 + i % 4} rate the stock a buy, {4 - i % 3} a hold and {1 + i % 2} a sell.

                This report is generated automatically from market data and is provided for information only. It does not constitute investment advice. Past performance is not a guide to future returns, and the value of shares can go down as well as up.
                """));
        }
    }

    /// <summary>Short boilerplate bodies about different events: never one story however alike they read.</summary>
    private static IEnumerable<LabelledItem> Stubs()
    {
        string[] events = ["Explosion reported at chemical plant", "Police close motorway after crash", "Power cut hits city centre", "Minister resigns"];
        var outlets = new[] { "wire", "daily-courier", "north-gazette", "valley-herald" };
        for (var i = 0; i < events.Length; i++)
            yield return new LabelledItem("stub-" + i, outlets[i], events[i],
                $"{events[i]}. This is a developing story and will be updated as more information becomes available. Please refresh this page for the latest details, and follow our live coverage for updates from our reporters at the scene.");
        (string Town, int High, int Low, string Sky)[] weather = [("Linmouth", 14, 7, "cloudy with showers"), ("Kessford", 16, 9, "sunny spells"), ("Hollin", 11, 4, "light rain"), ("Santa Orla", 24, 15, "clear skies")];
        for (var i = 0; i < weather.Length; i++)
        {
            var w = weather[i];
            yield return new LabelledItem("weather-" + i, outlets[(i + 1) % outlets.Length], $"Weather for {w.Town}",
                $"Weather for {w.Town} today: {w.Sky}. High of {w.High} degrees, low of {w.Low} degrees overnight. Winds light and variable. The outlook for the rest of the week is for similar conditions, with temperatures close to the seasonal average. Check back for the latest forecast from our weather centre.");
        }
    }

    private static string[] Paragraphs(string text) =>
        Normalize(text).Split("\n\n", StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Blocks as content_text has them: one blank line between, no indentation.</summary>
    private static string Normalize(string text) =>
        string.Join("\n\n", text.Split('\n').Select(l => l.Trim()).Aggregate(new List<string> { "" }, (blocks, line) =>
        {
            if (line.Length == 0) { if (blocks[^1].Length > 0) blocks.Add(""); }
            else blocks[^1] = blocks[^1].Length == 0 ? line : blocks[^1] + " " + line;
            return blocks;
        }).Where(b => b.Length > 0));

    private static string Join(IEnumerable<string> blocks) => string.Join("\n\n", blocks.Where(b => b.Length > 0));
}
