#!/usr/bin/env python3
"""Generate hushcart's demo retailer catalog (made-up data).

Writes, into --out (default: this script's folder):
  products.jsonl    about 2,400 products, one JSON object a line, sorted by id
  vocabulary.json   the retailer's published vocabulary, derived from them

Deterministic: a fixed seed and no dependence on hash order, so every run
writes the same bytes. Python 3.11+, standard library only.

  assets/catalog/generate.py            regenerate both files
  assets/catalog/generate.py --check    exit 1 if the files on disk differ
                                        from what would be written (CI)
  assets/catalog/generate.py --out DIR  write somewhere else

Every run also checks the catalog (schema, lexicon membership, no personal
data, variety of popular products, coverage of the shopper's recorded test
commands in ../audio/suite.jsonl and ../intents/dev.jsonl) and fails loudly
when a check does not hold. The inputs it reads (the lexicon, the two
labelled files) only feed the checks, never the generated data.
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
from pathlib import Path

SEED = 20240611
RETAILER = "hushcart demo store"
CATEGORIES = ["groceries", "household", "electronics", "clothing", "pet", "beauty"]
HERE = Path(__file__).resolve().parent
ASSETS = HERE.parent
LEXICON = ASSETS / "lexicon"
SUITE = ASSETS / "audio" / "suite.jsonl"
DEV = ASSETS / "intents" / "dev.jsonl"
MAX_PRICE = 2499.99
MAX_PRODUCTS_BYTES = 1_000_000

# ---------------------------------------------------------------------------
# Brands
# ---------------------------------------------------------------------------

# Made-up store brands (plain words, no people's names).
FICTIONAL_BRANDS = [
    "hushcart basics",   # the store's own label, every category
    "harvest lane",      # groceries
    "sunny meadow",      # dairy and eggs
    "golden crust",      # bakery
    "cocoa commons",     # chocolate and coffee
    "hearth and home",   # household
    "green thumb",       # garden
    "little sprout",     # baby
    "circuit works",     # electronics
    "trail and thread",  # clothing
    "happy paws",        # pet
    "pure glow",         # beauty
]

# Entries of brands.txt never used here because they are, contain or read as
# a person's name (a given name, a full name, or a title and a name). The
# catalog is meant to hold no personal names at all; surname-only company
# names ("dell", "heinz", "campbells") are kept.
PERSON_NAME_BRANDS = {
    "calvin klein", "tommy hilfiger", "ralph lauren", "polo ralph lauren",
    "michael kors", "kate spade", "billie", "harrys", "burts bees", "olly",
    "jimmy dean", "sara lee", "little debbie", "betty crocker", "duncan hines",
    "oscar mayer", "tim hortons", "melissa and doug", "ben and jerrys",
    "bens original", "uncle bens", "annies", "annie's", "amys", "justins",
    "dave's killer bread", "trader joes", "mrs meyers", "dr bronners",
    "dr martens", "dr pepper", "mr clean", "bob's red mill", "king arthur",
    "filippo berio", "franks", "kens", "siggi", "godiva", "thomas", "thomas'",
    "lee", "scott", "levis", "marshall", "stanley", "zara", "barbie", "arnold",
}

# How a brand is written in a title when plain title case is wrong.
BRAND_DISPLAY = {
    "lg": "LG", "jbl": "JBL", "hp": "HP", "tcl": "TCL", "msi": "MSI", "ge": "GE",
    "tp link": "TP-Link", "oral b": "Oral-B", "hyperx": "HyperX", "gopro": "GoPro",
    "irobot": "iRobot", "oneplus": "OnePlus", "steelseries": "SteelSeries",
    "sandisk": "SanDisk", "jansport": "JanSport", "kitchenaid": "KitchenAid",
    "ogx": "OGX", "rxbar": "RXBAR", "cerave": "CeraVe", "la roche posay": "La Roche-Posay",
    "t fal": "T-fal", "all clad": "All-Clad", "post it": "Post-it", "miracle gro": "Miracle-Gro",
    "coca cola": "Coca-Cola", "haagen dazs": "Haagen-Dazs", "cheez it": "Cheez-It",
    "kelloggs": "Kellogg's", "campbells": "Campbell's", "hellmanns": "Hellmann's",
    "hersheys": "Hershey's", "reeses": "Reese's", "welchs": "Welch's", "frenchs": "French's",
    "peets": "Peet's", "smuckers": "Smucker's", "hunts": "Hunt's", "driscolls": "Driscoll's",
    "entenmanns": "Entenmann's", "zatarains": "Zatarain's", "stouffers": "Stouffer's",
    "dreyers": "Dreyer's", "edys": "Edy's", "raos": "Rao's", "johnsons": "Johnson's",
    "hills": "Hill's", "mccormick": "McCormick", "m and ms": "M&M's", "c and h": "C&H",
    "h and m": "H&M", "la croix": "LaCroix", "v8": "V8", "ugg": "UGG", "asics": "ASICS",
    "hoka": "HOKA", "seven up": "7UP", "nature's path": "Nature's Path",
    "bush's": "Bush's", "earth's best": "Earth's Best", "the north face": "The North Face",
    "arcteryx": "Arc'teryx", "the honest company": "The Honest Company", "fage": "FAGE",
    "oxo": "OXO", "rtic": "RTIC", "yeti": "YETI", "dewalt": "DEWALT", "bic": "BIC",
    "expo": "EXPO", "aquaphor": "Aquaphor", "dyson": "Dyson", "sun maid": "Sun-Maid",
    "ray ban": "Ray-Ban", "instant pot": "Instant Pot", "crock pot": "Crock-Pot",
    "milk bone": "Milk-Bone", "pine sol": "Pine-Sol", "nature's own": "Nature's Own",
    "black and decker": "Black+Decker", "newmans own": "Newman's Own", "one a day": "One A Day", "tresemme": "Tresemme", "lactaid": "Lactaid",
    "boars head": "Boar's Head", "kerrygold": "Kerrygold", "nylabone": "Nylabone",
}

# Where in a family's price range a brand tends to sit.
PREMIUM_BRANDS = {
    "dyson", "apple", "bose", "sennheiser", "sonos", "le creuset", "vitamix", "breville", "all clad", "arcteryx",
    "patagonia", "lululemon", "yeti", "haagen dazs", "talenti", "kerrygold", "raos", "illy", "lindt", "ghirardelli",
    "la roche posay", "redken", "oakley", "ray ban", "kitchenaid", "the north face", "hoka", "birkenstock", "ugg",
    "samsonite", "smartwool", "darn tough", "bombas", "garmin", "royal canin", "hills", "blue buffalo", "death wish",
    "peets", "nespresso", "traeger", "weber", "lavazza", "bonne maman", "fage", "siggi", "boars head", "organic valley",
    "seventh generation", "the honest company", "earth's best", "sony", "lg", "samsung", "canon", "nikon", "fujifilm",
    "microsoft", "oral b", "cerave", "la croix", "perrier", "san pellegrino", "fiji", "evian", "hydro flask",
}
BUDGET_BRANDS = {
    "hushcart basics", "harvest lane", "circuit works", "hearth and home", "sunny meadow", "golden crust",
    "happy paws", "pure glow", "little sprout", "green thumb", "old navy", "hanes", "fruit of the loom", "suave",
    "tcl", "hisense", "vizio", "acer", "skullcandy", "anker", "friskies", "meow mix", "luvs", "angel soft",
    "totinos", "maggi", "hunts", "aquafina", "dasani", "rayovac", "h and m", "uniqlo", "kraft", "velveeta",
}

# ---------------------------------------------------------------------------
# Palettes
# ---------------------------------------------------------------------------

COLORS = {
    "basics": "black,white,grey,heather gray,charcoal,navy,red,maroon,forest green,royal blue,"
              "olive,mustard,sage green,light blue,burgundy,purple,green,pink",
    "apparel": "black,white,navy,navy blue,charcoal,grey,gray,beige,khaki,tan,olive,olive green,"
               "burgundy,maroon,cream,mustard,light blue,pink,lavender,teal,forest green,red,brown",
    "outdoor": "black,navy,red,olive,forest green,yellow,blue,grey,charcoal,orange,teal,burgundy,"
               "khaki,purple,sage green",
    "shoes": "black,white,grey,navy,blue,red,pink,teal,purple,coral,light gray,dark gray,"
             "green,orange,multicolor,lavender",
    "boots": "brown,black,tan,dark gray,olive,burgundy,khaki",
    "denim": "blue,light blue,dark blue,black,grey",
    "active": "black,charcoal,navy,heather gray,olive,burgundy,lavender,teal,sage green,beige,"
              "pink,coral,royal blue,forest green,maroon",
    "tech": "black,white,silver,gray,blue,red,pink,green,purple,rose gold,gold,navy",
    "phone": "black,white,blue,pink,purple,red,green,rose gold,teal,lavender,navy",
    "laptop": "silver,gray,black,blue,gold",
    "home": "white,grey,beige,ivory,cream,charcoal,navy,sage green,teal,burgundy,blue,light gray,"
            "tan,olive,mustard,coral,lavender,black",
    "kitchen": "black,white,red,silver,cream,teal,sage green,navy,pink,gray",
    "bottle": "black,white,navy,teal,pink,lavender,sage green,red,blue,olive,coral,mint,gray,"
              "forest green,orange,yellow",
    "pet": "red,blue,black,pink,purple,green,orange,teal,navy,camo,gray,brown",
    "lip": "red,pink,coral,rose,burgundy,maroon,magenta,brown,violet,orange",
    "nail": "red,pink,coral,navy,lavender,mint,burgundy,gold,silver,teal,white,black,turquoise,"
            "light blue",
    "metal": "silver,black,gold,rose gold,white,blue",
    "appliance": "white,silver,black",
}

LETTERS = ["extra small", "small", "medium", "large", "extra large", "extra extra large"]
LETTER_WEIGHTS = [1, 3, 4, 4, 3, 1]
BED = ["twin", "twin xl", "full", "queen", "king", "california king"]


def half_sizes(lo: float, hi: float) -> list[str]:
    out, x = [], lo
    while x <= hi + 1e-9:
        out.append(f"{x:g}")
        x += 0.5
    return out


SIZE_PALETTES = {
    "letters": {"": LETTERS},
    "shoes": {"m": half_sizes(7, 13), "w": half_sizes(5, 11), "": half_sizes(6, 12),
              "k": ["10", "11", "12", "13", "1", "2", "3", "4"]},
    "eu": {"": [str(x) for x in range(36, 47)]},
    "pants": {"m": ["28", "29", "30", "31", "32", "33", "34", "36", "38", "40"],
              "w": ["0", "2", "4", "6", "8", "10", "12", "14", "16"], "": ["28", "30", "32", "34", "36"]},
    "numeric": {"": ["0", "2", "4", "6", "8", "10", "12", "14", "16"]},
    "chest": {"m": ["36", "38", "40", "42", "44", "46", "48"], "w": ["2", "4", "6", "8", "10", "12", "14"],
              "": ["38", "40", "42", "44"]},
    "kids": {"": ["4", "5", "6", "7", "8", "10", "12"]},
    "kidletters": {"": ["extra small", "small", "medium", "large", "extra large"]},
    "bed": {"": BED},
    "bed4": {"": ["twin", "full", "queen", "king"]},
    "diapers": {"": ["1", "2", "3", "4", "5", "6"]},
    "pet": {"": ["small", "medium", "large", "extra large"]},
}
WEAR_PALETTES = {"letters", "shoes", "eu", "pants", "numeric", "chest", "kids", "kidletters", "pet", "diapers"}

GENDER_WORD = {"m": "Men's", "w": "Women's", "k": "Kids'", "": ""}

# ---------------------------------------------------------------------------
# Product families. F(category, kinds, brands, price, n, ...):
#   kinds   "product[=Title Name][*price factor]" separated by ";"; rows cycle
#           through them. The product is what a shopper says.
#   brands  comma separated; rows cycle through them in a shuffled order.
#   price   "lo-hi" in USD for the first size (log-uniform).
#   n       rows to make.
#   sizes   "a,b:factor,c" (factor: price relative to the first size; without
#           one, growth ** index) or "@palette".
#   colors  "a,b" or "@palette".
#   attrs   "!inherent optional optional?p" (default p 0.3).
#   desc    comma separated title descriptors ("" allowed: none).
#   gender  letters from m, w, k: one chosen per row, shown in the title.
#   front   the size leads the title ("55-Inch ... TV").
#   liquid  ounces shown as "fl oz".
# ---------------------------------------------------------------------------

FAMILIES: list[dict] = []


# Family sizes are weights; CATEGORY_SCALE sets each category's share of the
# catalog. A family never gets fewer rows than it has kinds or brands, and the
# families marked fixed (popular products that must show variety) keep their n.
CATEGORY_SCALE = {"groceries": 0.7, "household": 0.65, "electronics": 0.86, "clothing": 0.86, "pet": 1.15,
                  "beauty": 0.95}


def F(cat, kinds, brands, price, n, sizes=None, colors=None, attrs="", desc=None, growth=1.0,
      gender="", front=False, liquid=False, fixed=False):
    lo, hi = (float(x) for x in price.split("-"))
    if not fixed:
        n = max(len(kinds.split(";")), len(brands.split(",")), round(n * CATEGORY_SCALE[cat]))
    FAMILIES.append(dict(cat=cat, kinds=kinds, brands=brands, lo=lo, hi=hi, n=n, sizes=sizes,
                         colors=colors, attrs=attrs, desc=desc, growth=growth, gender=gender,
                         front=front, liquid=liquid))


G, H, E, C, P, B = CATEGORIES

# --- groceries: produce -----------------------------------------------------
F(G, "bananas", "chiquita,dole,harvest lane", "0.59-0.79", 5, "1 pound,3 pound:2.6", attrs="organic?0.4")
F(G, "gala apples;honeycrisp apples;granny smith apples;fuji apples", "harvest lane,hushcart basics",
  "1.49-2.99", 9, "1 pound,3 pound:2.4", attrs="organic?0.4")
F(G, "navel oranges;mandarin oranges;cara cara oranges", "harvest lane,sunny meadow", "3.99-6.49", 4, "3 pound",
  attrs="organic?0.3")
F(G, "lemons", "harvest lane,hushcart basics", "0.59-0.89", 3, ",2 pound:6", attrs="organic?0.4")
F(G, "limes", "harvest lane,hushcart basics", "0.39-0.59", 3, ",2 pound:6", attrs="organic?0.4")
F(G, "avocados=Hass Avocados", "harvest lane,hushcart basics", "0.99-1.79", 5, ",4 count:3.4", attrs="organic?0.4")
F(G, "strawberries", "driscolls,harvest lane", "2.99-4.49", 5, "16 ounce,32 ounce:1.8", attrs="organic?0.5")
F(G, "blueberries", "driscolls,harvest lane", "2.99-4.99", 5, "6 ounce,11 ounce:1.6,18 ounce:2.3", attrs="organic?0.5")
F(G, "raspberries;blackberries", "driscolls,harvest lane", "2.99-4.99", 5, "6 ounce,12 ounce:1.8", attrs="organic?0.4")
F(G, "red seedless grapes;green seedless grapes;cotton candy grapes", "harvest lane,hushcart basics", "2.99-5.49", 4, "2 pound", attrs="organic?0.3")
F(G, "mangoes;kiwis;peaches;nectarines;bartlett pears;plums", "harvest lane", "0.69-1.49", 7, ",2 pound:3.5",
  attrs="organic?0.2")
F(G, "watermelon=Seedless Watermelon;pineapple;cantaloupe", "harvest lane,dole,del monte", "2.99-5.99", 4)
F(G, "russet potatoes;red potatoes;yukon gold potatoes", "harvest lane,hushcart basics", "2.99-4.99", 6,
  "5 pound,10 pound:1.7", attrs="organic?0.25")
F(G, "sweet potatoes;yellow onions;red onions;sweet onions", "harvest lane", "1.29-3.99", 6, "1 pound,3 pound:2.4",
  attrs="organic?0.25")
F(G, "garlic;ginger root;celery;broccoli crowns;cauliflower;asparagus;zucchini;sweet corn;green beans",
  "harvest lane", "0.99-3.99", 11, attrs="organic?0.3")
F(G, "carrots;cucumbers;red bell peppers;green bell peppers;mixed bell peppers;roma tomatoes;cherry tomatoes;"
     "vine tomatoes;white mushrooms", "harvest lane,hushcart basics", "1.29-3.99", 12, attrs="organic?0.3")
F(G, "baby spinach;kale;romaine hearts;spring mix salad;baby arugula", "harvest lane,hushcart basics,dole",
  "2.49-4.99", 9, "5 ounce,16 ounce:1.9", attrs="organic?0.55")

# --- groceries: dairy and eggs ---------------------------------------------
F(G, "whole milk;reduced fat milk;skim milk", "horizon,organic valley,fairlife,sunny meadow,hushcart basics",
  "2.49-4.99", 14, "64 ounce,1 gallon:1.6", attrs="organic?0.4", liquid=True)
F(G, "lactose free milk=Lactose-Free Milk", "lactaid,fairlife,hushcart basics", "3.49-4.99", 4, "64 ounce",
  desc="Whole,Reduced Fat,Fat Free", liquid=True)
F(G, "chocolate milk", "horizon,fairlife,sunny meadow", "2.49-4.49", 4, "64 ounce,12 pack:2.4", attrs="organic?0.4",
  liquid=True)
F(G, "almond milk", "almond breeze,califia,pacific foods,harvest lane,hushcart basics", "2.49-4.29", 22,
  "32 ounce,64 ounce:1.5,96 ounce:2.1", attrs="!dairy-free !vegan organic?0.35",
  desc="Unsweetened,Original,Vanilla,Unsweetened Vanilla,Chocolate,Extra Creamy", liquid=True, fixed=True)
F(G, "oat milk", "oatly,califia,harvest lane,hushcart basics", "2.99-4.99", 10, "32 ounce,64 ounce:1.5",
  attrs="!dairy-free !vegan organic?0.3", desc="Original,Full Fat,Barista,Low Fat,Chocolate", liquid=True)
F(G, "soy milk", "pacific foods,harvest lane,hushcart basics", "2.49-3.99", 4, "64 ounce",
  attrs="!dairy-free !vegan organic?0.5", desc="Original,Unsweetened,Vanilla", liquid=True)
F(G, "coconut milk", "goya,harvest lane,pacific foods", "1.99-3.49", 5, "13.5 ounce,64 ounce:1.4",
  attrs="!dairy-free !vegan organic?0.3", desc="Unsweetened,Light,", liquid=True)
F(G, "coconut water", "vita coco,harvest lane", "1.99-2.99", 5, "16.9 ounce,33.8 ounce:1.7",
  attrs="!vegan organic?0.3", desc="Pure,Pineapple,", liquid=True)
F(G, "kefir", "sunny meadow,harvest lane", "3.49-4.49", 4, "32 ounce", attrs="organic?0.4",
  desc="Plain,Strawberry,Blueberry", liquid=True)
F(G, "kefir=Oat Milk Kefir", "harvest lane,hushcart basics", "3.99-4.99", 2, "32 ounce", attrs="!dairy-free !vegan",
  liquid=True)
F(G, "greek yogurt", "chobani,fage,oikos,stonyfield,harvest lane", "1.29-1.79", 13, "5.3 ounce,32 ounce:4.2",
  attrs="organic?0.25", desc="Plain,Vanilla,Strawberry,Blueberry,Honey,Nonfat Plain,Peach")
F(G, "yogurt", "yoplait,dannon,activia,stonyfield,noosa,hushcart basics", "0.89-1.49", 10, "6 ounce,32 ounce:4",
  attrs="organic?0.2", desc="Strawberry,Vanilla,Peach,Blueberry,Mixed Berry,Plain")
F(G, "yogurt=Yogurt Alternative", "oatly,califia,harvest lane", "1.49-1.99", 4, "5.3 ounce,24 ounce:3.5",
  attrs="!dairy-free !vegan", desc="Plain,Vanilla,Strawberry,Coconut")
F(G, "cheddar cheese;shredded cheddar cheese", "tillamook,cabot,kraft,sargento,harvest lane", "2.99-4.99", 12,
  "8 ounce,16 ounce:1.8,32 ounce:3.1", desc="Sharp,Extra Sharp,Mild,Medium", attrs="organic?0.1")
F(G, "mozzarella cheese;shredded mozzarella cheese;fresh mozzarella", "sargento,kraft,harvest lane", "2.99-5.49", 7,
  "8 ounce,16 ounce:1.8", desc="Whole Milk,Low Moisture Part Skim,")
F(G, "parmesan cheese;grated parmesan cheese", "kraft,sargento,harvest lane", "3.49-6.99", 5, "8 ounce")
F(G, "cheese slices", "kraft,sargento,tillamook,harvest lane", "2.99-4.99", 8, "8 ounce,16 ounce:1.8",
  desc="American,Swiss,Provolone,Pepper Jack,Cheddar,Colby Jack")
F(G, "cheese slices;shredded mozzarella cheese=Mozzarella Style Shreds;cheddar cheese=Cheddar Style Block",
  "harvest lane,hushcart basics", "3.99-5.49", 6, "7 ounce", attrs="!dairy-free !vegan")
F(G, "string cheese;brie;goat cheese;feta cheese;swiss cheese", "sargento,babybel,harvest lane,boursin",
  "2.99-6.99", 7, "8 ounce")
F(G, "cottage cheese;sour cream;heavy cream;half and half", "organic valley,horizon,tillamook,sunny meadow",
  "1.99-4.49", 9, "16 ounce,32 ounce:1.7", attrs="organic?0.3")
F(G, "cream cheese", "philadelphia,organic valley,harvest lane", "1.99-3.99", 5, "8 ounce",
  desc="Original,Whipped,Chive & Onion,Strawberry")
F(G, "cream cheese=Plant-Based Cream Cheese", "harvest lane,hushcart basics", "4.49-5.49", 2, "8 ounce",
  attrs="!vegan !dairy-free")
F(G, "coffee creamer", "coffee mate,international delight,califia", "3.49-5.49", 6, "32 ounce",
  desc="French Vanilla,Hazelnut,Original,Caramel,Sweet Cream", liquid=True)
F(G, "coffee creamer=Oat Milk Creamer", "califia,oatly", "4.49-5.49", 2, "25.4 ounce", attrs="!dairy-free !vegan",
  liquid=True)
F(G, "salted butter;unsalted butter", "kerrygold,land o lakes,tillamook,organic valley,harvest lane", "3.99-6.49", 9,
  "8 ounce,16 ounce:1.8", attrs="organic?0.2")
F(G, "eggs=Large White Eggs;eggs=Large Brown Eggs", "sunny meadow,organic valley,harvest lane,hushcart basics",
  "2.99-4.99", 7, "12 count,18 count:1.4", attrs="organic?0.3")
F(G, "free range eggs=Free-Range Large Brown Eggs", "sunny meadow,organic valley,harvest lane", "4.49-6.49", 4,
  "12 count,18 count:1.4", attrs="organic?0.5")

# --- groceries: meat, seafood, protein --------------------------------------
F(G, "chicken breast=Boneless Skinless Chicken Breasts;chicken thighs;chicken wings;chicken drumsticks",
  "tyson,perdue,foster farms,harvest lane", "3.99-8.99", 14, "1 pound,2 pound:1.9,3 pound:2.7", attrs="organic?0.25")
F(G, "ground chicken;ground turkey;whole chicken", "perdue,foster farms,harvest lane", "4.49-7.99", 6, "1 pound",
  attrs="organic?0.25")
F(G, "ground beef", "harvest lane,hushcart basics", "4.99-7.49", 6, "1 pound,2 pound:1.9,3 pound:2.7",
  desc="80/20,85/15,90/10,93/7", attrs="organic?0.3")
F(G, "ribeye steak;new york strip steak;sirloin steak;pork chops;pork shoulder", "harvest lane", "5.99-14.99", 6,
  "1 pound,2 pound:1.9")
F(G, "bacon;breakfast sausage;italian sausage;smoked sausage;hot dogs",
  "hormel,johnsonville,hillshire farm,harvest lane", "3.99-7.99", 10, "12 ounce,16 ounce:1.3")
F(G, "deli turkey=Oven Roasted Deli Turkey;sliced turkey=Sliced Turkey Breast;sliced ham=Sliced Honey Ham;"
     "roast beef=Deli Roast Beef", "boars head,hillshire farm,hormel,harvest lane", "3.99-8.99", 11,
  "8 ounce,16 ounce:1.8")
F(G, "salmon fillets=Atlantic Salmon Fillets;salmon fillets=Wild Sockeye Salmon Fillets;smoked salmon;"
     "raw shrimp=Raw Jumbo Shrimp;cooked shrimp;cod fillets;tilapia fillets", "harvest lane,hushcart basics",
  "6.99-12.99", 10, "1 pound,2 pound:1.9")
F(G, "canned tuna=Chunk Light Tuna in Water;canned tuna=Solid White Albacore Tuna",
  "starkist,bumble bee,chicken of the sea", "1.09-2.49", 6, "5 ounce,4 pack:3.6")
F(G, "tofu=Extra Firm Tofu;tofu=Firm Tofu", "harvest lane,hushcart basics", "1.99-2.99", 3, "14 ounce",
  attrs="!vegan organic?0.5")
F(G, "beef jerky", "harvest lane,hushcart basics", "5.99-8.99", 2, "2.85 ounce", desc="Original,Teriyaki,Peppered")
F(G, "chicken nuggets", "tyson,perdue", "5.99-8.99", 3, "32 ounce", desc="Breaded,Crispy,Dino")

# --- groceries: bakery ------------------------------------------------------
F(G, "white bread;whole wheat bread;multigrain bread;honey wheat bread", "nature's own,pepperidge farm,golden crust,"
  "harvest lane", "2.49-4.99", 10, "20 ounce", attrs="organic?0.15")
F(G, "sandwich bread=Gluten-Free Sandwich Bread;sandwich bread=Gluten-Free Multigrain Bread",
  "golden crust,harvest lane", "5.49-6.99", 4, "18 ounce", attrs="!gluten-free vegan?0.6")
F(G, "sourdough bread;rye bread;french baguette;ciabatta bread", "golden crust,pepperidge farm,harvest lane",
  "2.99-5.49", 6)
F(G, "bagels=Plain Bagels;bagels=Everything Bagels;bagels=Cinnamon Raisin Bagels",
  "golden crust,pepperidge farm,harvest lane", "2.99-4.49", 5, "6 count")
F(G, "english muffins", "golden crust,pepperidge farm,nature's own,harvest lane", "2.49-3.99", 4, "6 count")
F(G, "english muffins", "golden crust,harvest lane", "4.99-5.99", 2, "6 count", attrs="!gluten-free")
F(G, "croissants;crumpets;dinner rolls;hot dog buns;hamburger buns", "golden crust,pepperidge farm,harvest lane",
  "2.49-4.99", 9, "8 count")
F(G, "flour tortillas;corn tortillas", "old el paso,guerrero,la costena,harvest lane", "1.99-3.99", 6,
  "10 count,20 count:1.7")
F(G, "almond flour tortillas=Grain-Free Almond Flour Tortillas", "harvest lane", "6.99-7.99", 1, "8 count",
  attrs="!gluten-free")
F(G, "donuts=Glazed Donuts;donuts=Powdered Mini Donuts;cupcakes=Chocolate Cupcakes;cupcakes=Vanilla Cupcakes;"
     "blueberry muffins", "entenmanns,hostess,golden crust", "3.49-5.99", 8)
F(G, "birthday cake=Vanilla Birthday Cake;birthday cake=Chocolate Birthday Cake", "golden crust,harvest lane",
  "12.99-24.99", 3)
F(G, "birthday cake=Chocolate Birthday Cake", "golden crust", "19.99-26.99", 1, attrs="!gluten-free")
F(G, "pizza crust", "golden crust,harvest lane", "3.49-5.99", 4, "2 count", attrs="gluten-free?0.5")
F(G, "pop tarts=Frosted Strawberry Pop-Tarts;pop tarts=Frosted Brown Sugar Cinnamon Pop-Tarts",
  "kelloggs", "2.99-4.49", 3, "8 count,16 count:1.8")

# --- groceries: pantry -------------------------------------------------------
F(G, "spaghetti;penne pasta;rotini pasta;elbow macaroni;fettuccine pasta;farfalle pasta;linguine pasta",
  "barilla,de cecco,raos,harvest lane,hushcart basics", "1.29-3.99", 14, "16 ounce", attrs="organic?0.2")
F(G, "penne pasta;spaghetti;rotini pasta", "barilla,harvest lane", "2.29-3.49", 4, "12 ounce", attrs="!gluten-free")
F(G, "chickpea pasta", "harvest lane,hushcart basics", "2.99-3.99", 2, "8 ounce", attrs="!gluten-free !vegan")
F(G, "whole wheat pasta=Whole Wheat Penne;whole wheat pasta=Whole Wheat Spaghetti", "barilla,de cecco,harvest lane",
  "1.69-2.99", 4, "16 ounce", attrs="organic?0.4")
F(G, "lasagna noodles", "barilla,harvest lane", "1.99-2.99", 2, "16 ounce")
F(G, "pasta sauce=Traditional Pasta Sauce;pasta sauce=Tomato Basil Pasta Sauce;vodka sauce",
  "prego,ragu,raos,classico,bertolli,newmans own,harvest lane", "2.49-8.99", 10, "24 ounce",
  attrs="gluten-free?0.2 organic?0.15")
F(G, "marinara sauce", "prego,raos,newmans own,harvest lane", "2.49-8.99", 5, "24 ounce", attrs="organic?0.2")
F(G, "pesto=Basil Pesto", "classico,harvest lane", "3.49-5.99", 2, "6 ounce")
F(G, "white rice=Long Grain White Rice;brown rice;jasmine rice;basmati rice", "mahatma,zatarains,harvest lane,"
  "hushcart basics", "2.49-4.99", 12, "2 pound,5 pound:2.1", attrs="organic?0.25")
F(G, "quinoa", "harvest lane,hushcart basics", "4.49-6.99", 3, "16 ounce,32 ounce:1.8", attrs="!gluten-free organic?0.6")
F(G, "lentils=Green Lentils;lentils=Red Lentils", "goya,harvest lane", "1.79-2.99", 3, "16 ounce", attrs="organic?0.3")
F(G, "chickpeas;black beans;kidney beans;pinto beans", "goya,bush's,harvest lane", "0.99-1.79", 10, "15 ounce",
  attrs="organic?0.25")
F(G, "refried beans", "old el paso,harvest lane", "1.49-2.29", 2, "16 ounce", attrs="vegetarian?0.5")
F(G, "baked beans", "bush's,heinz,harvest lane", "1.49-2.99", 5, "16 ounce,28 ounce:1.6", attrs="vegetarian?0.35")
F(G, "pork and beans", "bush's,harvest lane", "0.99-1.79", 3, "15 ounce")
F(G, "chili=Chili with Beans", "hormel,harvest lane", "2.29-3.49", 3, "15 ounce", desc="Hot,Classic")
F(G, "chili=Vegetarian Bean Chili", "harvest lane,hushcart basics", "2.49-3.49", 2, "15 ounce",
  attrs="!vegetarian vegan?0.5")
F(G, "instant noodles=Instant Noodle Cups;ramen noodles", "maggi,harvest lane,hushcart basics", "0.49-3.99", 6,
  "6 pack,12 pack:1.8")
F(G, "ramen noodles=Brown Rice Ramen Noodles", "harvest lane", "3.99-4.99", 2, "4 pack", attrs="!gluten-free !vegan")
F(G, "mac and cheese=Original Mac and Cheese;mac and cheese=Shells and Cheese;macaroni and cheese",
  "kraft,velveeta,harvest lane", "0.99-3.49", 9, "7.25 ounce,5 pack:4.2")
F(G, "macaroni and cheese;mac and cheese", "harvest lane,hushcart basics", "2.29-3.49", 3, "6 ounce",
  attrs="!gluten-free organic?0.5")
F(G, "mac and cheese=White Cheddar Mac and Cheese", "harvest lane", "1.99-2.49", 1, "6 ounce", attrs="!organic")
F(G, "tomato soup;chicken noodle soup;chicken and rice soup;cream of mushroom soup", "campbells", "0.99-1.79", 6,
  "10.75 ounce,4 pack:3.6")
F(G, "tomato soup;chicken noodle soup;lentil soup;minestrone soup;chicken and rice soup",
  "progresso,pacific foods,harvest lane", "2.29-3.99", 12, "18.5 ounce,32 ounce:1.5", attrs="organic?0.2")
F(G, "chicken broth;vegetable broth;beef broth", "swanson,pacific foods,harvest lane", "1.99-3.99", 7, "32 ounce",
  attrs="organic?0.3")
F(G, "diced tomatoes;tomato sauce;tomato paste;crushed tomatoes", "hunts,del monte,harvest lane", "0.79-2.49", 7,
  "14.5 ounce,28 ounce:1.6", attrs="organic?0.2")
F(G, "canned corn=Whole Kernel Corn;canned green beans=Cut Green Beans;canned peas=Sweet Peas",
  "del monte,green giant,harvest lane", "0.89-1.49", 5, "15 ounce")
F(G, "black olives=Sliced Black Olives;green olives;dill pickles;bread and butter pickles", "goya,harvest lane",
  "1.99-4.49", 6)
F(G, "oatmeal=Old Fashioned Oatmeal;oatmeal=Instant Oatmeal Packets;steel cut oatmeal",
  "quaker,nature's path,harvest lane", "2.49-5.49", 7, "18 ounce,42 ounce:1.9", attrs="organic?0.2 gluten-free?0.15")
F(G, "cereal=Corn Flakes Cereal;cereal=Frosted Wheat Cereal;cereal=Raisin Bran Cereal;cereal=Crispy Rice Cereal",
  "general mills,kelloggs,kashi,nature's path,quaker", "2.99-5.99", 9, "12 ounce,18 ounce:1.4", attrs="organic?0.2")
F(G, "cereal=Toasted Whole Grain Oat Cereal;cereal=Honey Nut Oat Cereal", "cheerios", "3.49-5.49", 3,
  "12 ounce,18 ounce:1.4")
F(G, "granola", "nature's path,kashi,quaker,harvest lane,hushcart basics", "3.49-6.99", 9, "11 ounce,24 ounce:1.8",
  desc="Honey Almond,Maple Pecan,Dark Chocolate,Vanilla Blueberry,Coconut Cashew",
  attrs="organic?0.4 vegan?0.4 gluten-free?0.2")
F(G, "pancake mix", "pillsbury,quaker,harvest lane,hushcart basics", "2.29-4.49", 5, "32 ounce",
  desc="Buttermilk,Original,Whole Grain")
F(G, "pancake mix", "harvest lane,hushcart basics", "4.49-5.99", 2, "20 ounce", attrs="!gluten-free")
F(G, "pancake syrup=Original Pancake Syrup;maple syrup=Pure Maple Syrup", "harvest lane,hushcart basics",
  "2.99-8.99", 6, "12 ounce,32 ounce:2.2", attrs="organic?0.3", liquid=True)
F(G, "pancake syrup=Sugar-Free Pancake Syrup;maple syrup=Sugar-Free Maple Flavored Syrup",
  "harvest lane,hushcart basics", "3.49-4.49", 2, "24 ounce", attrs="!sugar-free", liquid=True)
F(G, "vanilla syrup=Vanilla Coffee Syrup;caramel syrup=Caramel Coffee Syrup", "starbucks,harvest lane",
  "4.99-8.99", 4, "12.7 ounce", attrs="sugar-free?0.4", liquid=True)
F(G, "vanilla extract=Pure Vanilla Extract", "mccormick,harvest lane", "4.99-11.99", 3, "2 ounce,4 ounce:1.8",
  attrs="fair-trade?0.4 organic?0.3", liquid=True)
F(G, "ground cinnamon;ground black pepper;garlic powder;chili powder;paprika;italian seasoning;"
     "everything bagel seasoning", "mccormick,harvest lane", "1.49-4.49", 11, "2.3 ounce", attrs="organic?0.25")
F(G, "sea salt;iodized salt", "morton,harvest lane", "0.99-2.99", 3, "26 ounce")
F(G, "granulated sugar=Pure Cane Granulated Sugar;brown sugar=Light Brown Sugar;powdered sugar",
  "domino,c and h,harvest lane", "1.99-3.99", 6, "2 pound,4 pound:1.8")
F(G, "all purpose flour=All-Purpose Flour;bread flour;whole wheat flour", "gold medal,pillsbury,harvest lane",
  "2.49-4.49", 8, "2 pound,5 pound:1.8,10 pound:3.2", attrs="organic?0.2")
F(G, "almond flour", "blue diamond,harvest lane", "6.99-9.99", 3, "16 ounce,32 ounce:1.8", attrs="!gluten-free")
F(G, "baking soda;baking powder;active dry yeast", "arm and hammer,harvest lane", "0.99-2.99", 4)
F(G, "cocoa powder=Unsweetened Cocoa Powder", "hersheys,ghirardelli,cocoa commons,harvest lane", "2.99-6.99", 4,
  "8 ounce", attrs="fair-trade?0.35 organic?0.2")
F(G, "dark chocolate chips;semi sweet chocolate chips=Semi-Sweet Chocolate Chips", "ghirardelli,hersheys,"
  "cocoa commons,harvest lane", "2.99-4.99", 7, "10 ounce,12 ounce:1.2", attrs="fair-trade?0.25")
F(G, "honey=Pure Clover Honey;raw honey;honey=Wildflower Honey", "harvest lane,hushcart basics", "4.99-8.99", 6,
  "12 ounce,16 ounce:1.3,32 ounce:2.2", attrs="organic?0.3 fair-trade?0.25")
F(G, "peanut butter", "jif,skippy,smuckers,harvest lane", "2.49-4.99", 10, "16 ounce,40 ounce:2",
  desc="Creamy,Crunchy,Natural Creamy,Natural Crunchy", attrs="organic?0.2")
F(G, "almond butter", "harvest lane,hushcart basics,blue diamond", "6.99-9.99", 3, "12 ounce", attrs="organic?0.35")
F(G, "strawberry jam;grape jelly;raspberry preserves;apricot preserves", "smuckers,bonne maman,welchs,harvest lane",
  "2.49-5.49", 6, "18 ounce")
F(G, "hazelnut spread", "nutella", "3.99-6.99", 2, "13 ounce,26.5 ounce:1.8")
F(G, "olive oil=Extra Virgin Olive Oil", "pompeian,colavita,bertolli,harvest lane", "6.99-10.99", 8,
  "16.9 ounce,25.5 ounce:1.4,51 ounce:2.5", attrs="organic?0.25", liquid=True)
F(G, "coconut oil;avocado oil;vegetable oil;canola oil", "crisco,mazola,harvest lane,hushcart basics", "3.49-8.99", 8,
  "16 ounce,48 ounce:2.1", attrs="organic?0.25", liquid=True)
F(G, "apple cider vinegar;white vinegar", "heinz,harvest lane", "1.99-4.49", 4, "32 ounce", attrs="organic?0.4",
  liquid=True)
F(G, "ketchup=Tomato Ketchup", "heinz,hunts,frenchs,harvest lane", "2.29-4.49", 5, "20 ounce,38 ounce:1.5",
  attrs="organic?0.2 sugar-free?0.15")
F(G, "yellow mustard;dijon mustard;honey mustard", "frenchs,heinz,harvest lane", "1.49-3.99", 5, "12 ounce")
F(G, "mayonnaise=Real Mayonnaise;mayo=Real Mayo;mayonnaise=Light Mayonnaise", "hellmanns,best foods,kraft,heinz,"
  "harvest lane", "3.49-6.49", 8, "15 ounce,30 ounce:1.6")
F(G, "mayo=Vegan Mayo;mayonnaise=Plant-Based Mayonnaise", "hellmanns,harvest lane", "4.49-5.99", 3, "24 ounce",
  attrs="!vegan !dairy-free")
F(G, "hot sauce=Original Hot Sauce;sriracha hot sauce;hot sauce=Habanero Hot Sauce", "tabasco,huy fong,"
  "harvest lane", "1.99-4.99", 6, "5 ounce,17 ounce:2.1", attrs="sugar-free?0.25", liquid=True)
F(G, "barbecue sauce", "heinz,kraft,harvest lane", "1.99-3.99", 5, "18 ounce",
  desc="Original,Hickory Smoke,Honey,Sweet & Spicy")
F(G, "soy sauce;low sodium soy sauce;teriyaki sauce", "kikkoman,harvest lane", "2.49-4.99", 4, "15 ounce",
  liquid=True)
F(G, "salad dressing", "hidden valley,wish bone,kraft,newmans own,harvest lane", "2.49-4.49", 9, "16 ounce",
  desc="Ranch,Italian,Balsamic Vinaigrette,Caesar,Thousand Island,Greek", attrs="vegan?0.15 organic?0.15",
  liquid=True)
F(G, "salsa", "tostitos,old el paso,harvest lane", "2.49-4.49", 6, "15.5 ounce",
  desc="Mild,Medium,Hot,Chunky Medium,Restaurant Style,Salsa Verde", attrs="organic?0.2")
F(G, "hummus", "sabra,harvest lane", "2.99-4.99", 6, "10 ounce,17 ounce:1.5",
  desc="Classic,Roasted Red Pepper,Roasted Garlic,Pine Nut,Everything", attrs="!vegan organic?0.2")
F(G, "spinach and artichoke dip;queso dip=Salsa Con Queso Dip", "tostitos,harvest lane", "3.99-5.49", 3)

# --- groceries: snacks --------------------------------------------------------
F(G, "potato chips=Classic Potato Chips;salt and vinegar chips=Salt & Vinegar Potato Chips;"
     "sour cream and onion chips=Sour Cream & Onion Potato Chips;kettle chips=Kettle Cooked Potato Chips;"
     "barbecue chips=Barbecue Potato Chips", "lays,ruffles,cape cod,pringles,harvest lane", "1.99-4.99", 16,
  "8 ounce")
F(G, "tortilla chips", "tostitos,doritos,harvest lane", "2.99-5.49", 7, "11 ounce,18 ounce:1.5",
  desc="Restaurant Style,Bite Size,Hint of Lime,Multigrain,Nacho Cheese", attrs="gluten-free?0.3 organic?0.15")
F(G, "pretzels=Mini Pretzel Twists;pretzels=Pretzel Rods;pretzels=Pretzel Thins", "harvest lane,hushcart basics",
  "2.49-3.99", 4, "16 ounce")
F(G, "pretzels=Pretzel Twists", "harvest lane", "3.99-4.99", 2, "8 ounce", attrs="!gluten-free")
F(G, "microwave popcorn;popcorn=Sea Salt Popcorn;popcorn=White Cheddar Popcorn", "newmans own,harvest lane,"
  "hushcart basics",
  "2.49-4.99", 5, attrs="organic?0.25")
F(G, "crackers", "ritz,triscuit,wheat thins,cheez it,goldfish,harvest lane", "2.99-4.99", 9,
  desc="Original,Reduced Fat,Whole Grain,Cheddar,Sea Salt", attrs="gluten-free?0.1")
F(G, "chocolate chip cookies;sandwich cookies;shortbread cookies", "oreo,chips ahoy,pepperidge farm,keebler,"
  "harvest lane", "2.99-5.49", 8)
F(G, "granola bars", "nature valley,quaker,kashi,clif,harvest lane", "2.99-5.99", 8, "6 count,12 count:1.8",
  desc="Oats & Honey,Chocolate Chip,Peanut Butter,Almond", attrs="gluten-free?0.3 organic?0.25")
F(G, "protein bars", "rxbar,quest,clif,premier protein,harvest lane", "1.99-2.99", 10, ",12 count:10",
  desc="Chocolate Chip,Peanut Butter,Cookie Dough,Blueberry,Chocolate Sea Salt", attrs="gluten-free?0.4")
F(G, "protein bars", "clif,larabar,harvest lane", "1.99-2.49", 3, ",12 count:10", desc="Peanut Butter,Chocolate Chip",
  attrs="!vegan gluten-free?0.5")
F(G, "energy bars", "clif,larabar,harvest lane", "1.29-1.99", 5, ",12 count:10",
  desc="Chocolate Chip,Blueberry Crisp,Crunchy Peanut Butter", attrs="vegan?0.4 organic?0.3")
F(G, "energy bars", "harvest lane,hushcart basics", "1.99-2.49", 2, ",12 count:10", attrs="!sugar-free")
F(G, "fruit snacks", "welchs,harvest lane", "2.49-4.49", 4, "10 count,22 count:1.8", attrs="organic?0.3")
F(G, "trail mix;mixed nuts;roasted almonds;walnuts;peanuts", "planters,blue diamond,harvest lane", "3.49-8.99", 10,
  "10 ounce,24 ounce:2")
F(G, "cashews=Roasted Cashews;cashews=Raw Cashews", "planters,harvest lane,hushcart basics", "5.99-9.99", 5,
  "8 ounce,16 ounce:1.8", attrs="organic?0.3 fair-trade?0.25")
F(G, "pistachios", "harvest lane,planters", "6.99-9.99", 4, "12 ounce,16 ounce:1.3,24 ounce:1.9",
  desc="Roasted & Salted,No Salt,Shelled")
F(G, "raisins;dried mango;dried cranberries", "sun maid,ocean spray,harvest lane", "2.49-4.99", 4)
F(G, "rice cakes", "quaker,harvest lane", "2.49-3.49", 2, attrs="gluten-free?0.5")
F(G, "dark chocolate bar", "lindt,ghirardelli,hersheys,cocoa commons,harvest lane", "2.49-4.99", 12, "3.5 ounce",
  desc="70% Cocoa,85% Cocoa,Sea Salt,Almond,Orange,Mint,Raspberry", attrs="fair-trade?0.35 organic?0.2 vegan?0.1")
F(G, "milk chocolate bar", "hersheys,cadbury,lindt,toblerone,ghirardelli", "1.49-3.99", 7, "3.5 ounce",
  desc="Classic,Almond,Hazelnut,Caramel,")
F(G, "candy bar", "snickers,twix,kit kat,reeses,mars", "1.29-1.99", 5, ",6 pack:3.8")
F(G, "chocolate candies", "m and ms,hersheys", "3.99-5.49", 3, "10 ounce", desc="Milk Chocolate,Peanut,")
F(G, "fruit candy=Fruit Chewy Candy", "skittles,haribo", "2.99-4.49", 2, "10 ounce")
F(G, "dark chocolate peanut butter cups;peanut butter cups", "reeses,harvest lane", "1.49-4.99", 4)
F(G, "gummy bears", "haribo,harvest lane", "1.99-3.99", 4, "5 ounce,12 ounce:2")
F(G, "gummy bears", "harvest lane,hushcart basics", "3.49-4.49", 2, "4 ounce", attrs="!sugar-free !vegan")
F(G, "marshmallows", "kraft,harvest lane", "1.99-2.99", 3, "10 ounce", desc="Mini,Jumbo")
F(G, "marshmallows", "harvest lane", "4.49-5.49", 2, "10 ounce", attrs="!vegan !gluten-free")

# --- groceries: beverages ----------------------------------------------------
F(G, "sparkling water", "la croix,harvest lane,hushcart basics", "4.99-6.49", 12, "8 pack,12 pack:1.4",
  desc="Lime,Grapefruit,Lemon,Pure,Berry,Orange,Mango,Passionfruit", attrs="!sugar-free", liquid=True)
F(G, "sparkling water=Sparkling Mineral Water", "perrier,san pellegrino", "1.79-2.79", 4, "33.8 ounce,12 pack:4",
  attrs="!sugar-free", liquid=True)
F(G, "seltzer water", "canada dry,harvest lane,hushcart basics", "3.99-5.49", 4, "12 pack",
  desc="Original,Lemon Lime,Black Cherry", attrs="!sugar-free", liquid=True)
F(G, "spring water", "poland spring,harvest lane,hushcart basics", "4.49-6.99", 5, "24 pack,40 pack:1.5", liquid=True)
F(G, "bottled water", "evian,fiji,smartwater,dasani,aquafina", "1.29-2.79", 6, "1 liter,1.5 liter:1.3", liquid=True)
F(G, "distilled water", "harvest lane,hushcart basics", "1.29-1.79", 2, "1 gallon", liquid=True)
F(G, "soda=Cola", "coca cola,pepsi,hushcart basics", "2.29-2.99", 6, "2 liter,12 pack:3.1", desc="Original,Cherry,",
  liquid=True)
F(G, "soda=Lemon Lime Soda", "sprite,seven up", "2.29-2.99", 3, "2 liter,12 pack:3.1", liquid=True)
F(G, "soda=Orange Soda;soda=Grape Soda", "fanta", "2.29-2.99", 2, "2 liter,12 pack:3.1", liquid=True)
F(G, "soda=Citrus Soda", "mountain dew", "2.29-2.99", 2, "2 liter,12 pack:3.1", liquid=True)
F(G, "diet soda=Diet Cola;diet soda=Zero Sugar Cola", "coca cola,pepsi", "2.29-2.99", 4, "2 liter,12 pack:3.1",
  attrs="!sugar-free", liquid=True)
F(G, "diet soda=Zero Sugar Lemon Lime Soda", "sprite", "2.29-2.99", 2, "2 liter,12 pack:3.1", attrs="!sugar-free",
  liquid=True)
F(G, "ginger ale", "canada dry,schweppes,harvest lane", "1.99-2.79", 5, "2 liter,12 pack:3", liquid=True)
F(G, "root beer;cream soda", "harvest lane,hushcart basics", "1.79-2.49", 4, "2 liter,12 pack:3", liquid=True)
F(G, "orange juice", "tropicana,minute maid,harvest lane", "3.49-5.99", 8, "52 ounce,89 ounce:1.5",
  desc="No Pulp,Some Pulp,Lots of Pulp,Calcium", attrs="organic?0.15", liquid=True)
F(G, "apple juice;cranberry juice;grape juice;lemonade", "tropicana,minute maid,ocean spray,welchs,harvest lane",
  "2.49-4.49", 10, "64 ounce", attrs="organic?0.25", liquid=True)
F(G, "apple cider;sparkling cider", "tropicana,harvest lane,hushcart basics", "3.49-5.99", 4, "64 ounce,25.4 ounce",
  liquid=True)
F(G, "vegetable juice", "v8", "2.99-4.49", 2, "46 ounce", desc="Original,Low Sodium", liquid=True)
F(G, "iced tea", "lipton,arizona,snapple,harvest lane", "1.29-4.49", 7, "18.5 ounce,64 ounce:2.4",
  desc="Lemon,Peach,Raspberry,Green Tea", liquid=True)
F(G, "iced tea=Unsweetened Iced Tea", "lipton,arizona,harvest lane", "1.49-3.99", 3, "18.5 ounce,64 ounce:2.2",
  attrs="!sugar-free", liquid=True)
F(G, "sweet tea=Southern Sweet Tea", "arizona,lipton,harvest lane", "1.29-3.99", 3, "64 ounce", liquid=True)
F(G, "green tea;black tea;herbal tea;chamomile tea;peppermint tea;chai tea", "twinings,lipton,bigelow,"
  "celestial seasonings,yogi,tazo,tetley", "2.99-5.99", 14, "20 count,40 count:1.7", attrs="organic?0.25 fair-trade?0.2")
F(G, "ground coffee", "starbucks,folgers,maxwell house,dunkin,peets,lavazza,death wish,green mountain,illy,"
  "cocoa commons", "6.99-12.99", 20, "12 ounce,24 ounce:1.7",
  desc="Medium Roast,Dark Roast,Breakfast Blend,House Blend,French Roast,Colombian,Espresso Roast",
  attrs="fair-trade?0.2 organic?0.2")
F(G, "dark roast coffee=Dark Roast Ground Coffee;dark roast coffee=Dark Roast Whole Bean Coffee",
  "starbucks,peets,death wish,harvest lane", "8.99-13.99", 4, "12 ounce", attrs="fair-trade?0.3")
F(G, "coffee beans=Whole Bean Coffee", "lavazza,starbucks,peets,illy,death wish,cocoa commons,harvest lane",
  "8.99-16.99", 14, "12 ounce,32 ounce:2.3",
  desc="Medium Roast,Dark Roast,Light Roast,Italian Roast,Single Origin Ethiopia,Breakfast Blend",
  attrs="fair-trade?0.3 organic?0.25")
F(G, "espresso beans=Whole Bean Espresso", "lavazza,illy,starbucks,peets", "9.99-17.99", 6, "12 ounce,2 pound:2.4",
  desc="Super Crema,Classico,Dark Roast,Intenso", attrs="fair-trade?0.2")
F(G, "coffee pods=Single Serve Coffee Pods", "green mountain,starbucks,dunkin,folgers,peets,cocoa commons",
  "8.99-12.99", 10, "12 count,24 count:1.8,44 count:3", desc="Medium Roast,Dark Roast,Breakfast Blend,Decaf",
  attrs="fair-trade?0.2 organic?0.1")
F(G, "coffee pods=Espresso Capsules", "nespresso,lavazza", "6.99-10.99", 3, "10 count,50 count:4.4")
F(G, "instant coffee", "nescafe,folgers,starbucks", "4.99-9.99", 3, "7 ounce")
F(G, "cold brew=Cold Brew Coffee;cold brew=Cold Brew Concentrate", "starbucks,califia,dunkin,harvest lane",
  "3.99-7.99", 6, "32 ounce", attrs="fair-trade?0.2 organic?0.2", liquid=True)
F(G, "iced latte=Vanilla Iced Latte;iced latte=Caramel Iced Latte", "starbucks,califia,harvest lane",
  "2.99-5.99", 3, "13.7 ounce,48 ounce:2", liquid=True)
F(G, "energy drink", "red bull,monster,celsius", "2.29-3.29", 8, "12 ounce,12 pack:8.5",
  desc="Original,Tropical,Berry,Citrus", attrs="sugar-free?0.4", liquid=True)
F(G, "sports drink", "gatorade,powerade", "1.29-1.99", 7, "20 ounce,28 ounce:1.2,32 ounce:1.35,8 pack:4.3",
  desc="Fruit Punch,Lemon Lime,Cool Blue,Orange,Glacier Freeze", liquid=True)
F(G, "kombucha", "harvest lane,hushcart basics", "2.99-3.99", 3, "16 ounce", desc="Ginger,Berry,Original",
  attrs="organic?0.7 !vegan", liquid=True)
F(G, "protein shakes", "premier protein,muscle milk,ensure,orgain", "7.99-11.99", 6, "4 pack,12 pack:2.8",
  desc="Chocolate,Vanilla,Caramel", liquid=True)
F(G, "protein powder", "optimum nutrition,orgain,garden of life,muscle milk", "24.99-39.99", 7,
  "2 pound,5 pound:2.1", desc="Chocolate,Vanilla,Unflavored,Cookies & Cream", attrs="gluten-free?0.2")
F(G, "protein powder=Plant Protein Powder", "orgain,garden of life,harvest lane", "24.99-34.99", 4, "2 pound",
  desc="Chocolate,Vanilla", attrs="!vegan organic?0.6 gluten-free?0.3")

# --- groceries: frozen --------------------------------------------------------
F(G, "ice cream", "haagen dazs,breyers,talenti,halo top,blue bell,dreyers,edys,harvest lane", "3.99-6.99", 14,
  "16 ounce,48 ounce:1.3",
  desc="Vanilla,Chocolate,Mint Chocolate Chip,Cookies and Cream,Strawberry,Salted Caramel,Coffee,Butter Pecan")
F(G, "ice cream=Non-Dairy Frozen Dessert", "oatly,halo top,harvest lane", "4.49-5.99", 5, "16 ounce",
  desc="Vanilla,Chocolate,Strawberry,Salted Caramel", attrs="!dairy-free !vegan")
F(G, "cookie dough ice cream", "breyers,haagen dazs,halo top,harvest lane", "3.99-5.99", 4, "16 ounce,48 ounce:1.3")
F(G, "ice cream bars", "magnum,klondike,haagen dazs", "4.49-6.49", 3, "3 count,6 count:1.6")
F(G, "frozen pizza", "digiorno,red baron,totinos,harvest lane", "3.99-8.99", 10,
  desc="Pepperoni,Four Cheese,Supreme,Margherita,Sausage,Thin Crust Pepperoni")
F(G, "frozen pizza", "harvest lane,hushcart basics", "7.99-9.99", 3, desc="Plant-Based Cheese,Roasted Veggie",
  attrs="!dairy-free !vegan")
F(G, "frozen pizza", "digiorno,harvest lane", "8.99-10.99", 2, desc="Margherita,Pepperoni", attrs="!gluten-free")
F(G, "frozen peas=Frozen Sweet Peas;frozen broccoli;frozen mixed vegetables;frozen corn;frozen green beans;"
     "frozen spinach", "birds eye,green giant,harvest lane", "1.29-2.99", 10, "12 ounce,32 ounce:2.1",
  attrs="organic?0.25")
F(G, "frozen strawberries;frozen blueberries;frozen mango chunks;frozen mixed berries", "harvest lane,dole",
  "3.49-5.99", 4, "16 ounce,48 ounce:2.4", attrs="organic?0.3")
F(G, "frozen meal", "lean cuisine,stouffers,harvest lane", "2.99-4.99", 8,
  desc="Chicken Alfredo,Swedish Meatballs,Chicken Teriyaki,Beef Pot Roast,Salisbury Steak,Chicken Parmesan")
F(G, "frozen meal", "harvest lane,hushcart basics", "3.99-5.49", 3, desc="Thai Curry,Lentil Dal,Black Bean Enchilada",
  attrs="!vegan !vegetarian")
F(G, "lasagna=Meat Lasagna", "stouffers,harvest lane", "3.49-4.99", 3, "10 ounce,38 ounce:2.6")
F(G, "lasagna=Vegetable Lasagna", "stouffers,harvest lane", "3.49-4.99", 2, "10 ounce,38 ounce:2.6",
  attrs="!vegetarian")
F(G, "burritos=Bean and Cheese Burritos;burritos=Breakfast Burritos", "harvest lane,hushcart basics", "2.99-6.99",
  4, "4 count")
F(G, "burritos=Black Bean Burritos", "harvest lane", "3.49-4.49", 2, "2 count", attrs="!vegan !vegetarian")
F(G, "cauliflower gnocchi", "green giant,harvest lane", "3.49-4.49", 2, "12 ounce", attrs="!gluten-free")
F(G, "frozen waffles", "eggo,harvest lane", "2.49-4.49", 4, "10 count,24 count:2", desc="Homestyle,Blueberry,Buttermilk")
F(G, "french fries=Frozen French Fries;tater tots", "harvest lane,hushcart basics", "2.49-4.99", 4, "32 ounce")

# --- groceries: baby ------------------------------------------------------------
F(G, "baby food pouches", "gerber,earth's best,little sprout", "1.29-1.99", 6, ",12 pack:10",
  desc="Apple Banana,Pear Spinach,Mango Carrot,Sweet Potato", attrs="organic?0.5")
F(G, "teething wafers", "gerber,earth's best,little sprout", "3.49-4.99", 3, "12 count", attrs="organic?0.4")
F(G, "baby formula=Infant Formula", "similac,enfamil", "24.99-44.99", 4, "20 ounce,30 ounce:1.4")

# --- household: paper, cleaning, laundry ----------------------------------------
F(H, "paper towels", "bounty,viva,seventh generation,hearth and home,hushcart basics", "4.49-6.99", 22,
  "2 pack,6 pack:2.6,8 pack:3.3,12 pack:4.8",
  desc="Select-a-Size,Full Sheet,Double Rolls,Triple Rolls,Mega Rolls,Recycled", fixed=True)
F(H, "toilet paper", "charmin,cottonelle,quilted northern,angel soft,seventh generation,hushcart basics",
  "4.99-6.49", 14, "4 pack,12 pack:2.6,18 pack:3.6,24 pack:4.5", desc="Ultra Soft,Ultra Strong,Mega Rolls,Double Rolls")
F(H, "facial tissues", "kleenex,puffs,hushcart basics", "1.79-2.49", 6, ",4 pack:3.6,8 pack:6.8",
  desc="Ultra Soft,Lotion,Everyday")
F(H, "paper napkins;paper plates", "bounty,hefty,hushcart basics,hearth and home", "2.99-6.99", 6,
  "100 count,200 count:1.8")
F(H, "trash bags", "glad,hefty,hushcart basics", "7.99-10.99", 8, "40 count,80 count:1.8,110 count:2.4",
  desc="13 Gallon Tall Kitchen,30 Gallon Large,Odor Control,Drawstring")
F(H, "sandwich bags;freezer bags;storage bags", "ziploc,glad,hushcart basics", "2.99-5.49", 7, "50 count,100 count:1.8")
F(H, "aluminum foil;parchment paper", "reynolds,hushcart basics", "2.99-5.99", 4, "75 foot,200 foot:2.2")
F(H, "plastic wrap", "glad,saran", "2.99-4.99", 2, "200 foot")
F(H, "laundry detergent", "tide,persil,arm and hammer,seventh generation,hushcart basics", "7.99-12.99", 14,
  "46 ounce,92 ounce:1.8,146 ounce:2.6", desc="Original,Free & Clear,Fresh Scent,Lavender,Clean Breeze,Sensitive Skin",
  liquid=True)
F(H, "laundry pods", "tide,persil,hushcart basics", "9.99-14.99", 5, "42 count,81 count:1.8")
F(H, "dishwasher pods", "cascade,seventh generation,hushcart basics", "9.99-14.99", 4, "42 count,81 count:1.8")
F(H, "dishwasher detergent=Dishwasher Detergent Gel", "cascade,hushcart basics", "4.49-6.49", 2, "75 ounce",
  liquid=True)
F(H, "dish soap", "dawn,palmolive,seventh generation,hearth and home,hushcart basics", "1.99-4.49", 10,
  "19.4 ounce,38 ounce:1.8", desc="Original,Lemon,Free & Clear,Lavender,Ultra Concentrated,Unscented", liquid=True)
F(H, "fabric softener", "downy,snuggle", "4.99-9.99", 4, "64 ounce,120 ounce:1.6", desc="Fresh,Unscented,",
  liquid=True)
F(H, "dryer sheets", "bounce,downy,snuggle", "4.99-9.99", 4, "120 count,240 count:1.7", desc="Fresh,Unscented,")
F(H, "bleach", "clorox,hushcart basics", "2.99-5.99", 3, "81 ounce,121 ounce:1.4", liquid=True)
F(H, "stain remover", "oxiclean,hushcart basics", "3.99-9.99", 3, desc="Spray,Powder,")
F(H, "multi surface cleaner=Multi-Surface Cleaner", "lysol,clorox,seventh generation,hearth and home", "2.99-5.49", 6,
  "32 ounce", desc="Lemon,Lavender,Fresh Scent,Unscented", liquid=True)
F(H, "all purpose cleaner=All-Purpose Cleaner", "seventh generation,pine sol,hearth and home", "2.99-5.49", 4,
  "32 ounce", liquid=True)
F(H, "glass cleaner", "windex,hearth and home", "2.99-4.99", 2, "23 ounce", liquid=True)
F(H, "disinfecting wipes", "clorox,lysol,hushcart basics", "3.99-5.99", 6, "35 count,75 count:1.6,3 pack:2.5",
  desc="Lemon,Fresh Scent,Crisp Linen")
F(H, "dish sponges=Non-Scratch Dish Sponges;sponges=Heavy Duty Scrub Sponges", "hearth and home,hushcart basics",
  "2.99-5.99", 4, "3 pack,6 pack:1.8")
F(H, "mop=Spray Mop;broom=Angle Broom with Dustpan;sweeper=Floor Sweeper Kit", "swiffer,hearth and home,"
  "hushcart basics", "12.99-34.99", 4)
F(H, "air freshener", "febreze,glade,air wick", "2.99-6.99", 6, desc="Linen & Sky,Lavender,Vanilla,Citrus,Ocean")
F(H, "scented candles=Scented Candle", "bath and body works,glade,hearth and home", "9.99-24.99", 8,
  "8 ounce,14.5 ounce:1.6", colors="white,cream,beige,sage green,lavender,coral,teal",
  desc="Vanilla,Lavender,Eucalyptus,Fresh Linen,Pumpkin Spice,Sandalwood")
F(H, "light bulbs=LED Light Bulbs", "philips,ge,hushcart basics", "6.99-12.99", 8, "4 pack,8 pack:1.8,16 pack:3.2",
  desc="Soft White 60W Equivalent,Daylight 60W Equivalent,Dimmable Soft White,Smart Color")
F(H, "aa batteries;aaa batteries;9 volt batteries=9V Batteries;c batteries;d batteries",
  "duracell,energizer,rayovac,hushcart basics", "5.99-9.99", 14, "4 pack,8 pack:1.7,20 pack:3.5")
F(H, "extension cord", "ge,hushcart basics,hearth and home", "7.99-12.99", 6, "6 foot,10 foot:1.2,25 foot:1.7,"
  "50 foot:2.6,100 foot:4", colors="white,black,orange", desc="Indoor,Outdoor,Heavy Duty")
F(H, "power strip=Surge Protector Power Strip", "belkin,ge,hushcart basics", "12.99-34.99", 4, colors="white,black")
F(H, "stainless steel trash can;kitchen trash can;step trash can", "rubbermaid,hearth and home,hushcart basics",
  "24.99-79.99", 6, "13 gallon", colors="silver,black,white")
F(H, "storage bins;laundry basket;clothes hangers", "rubbermaid,hearth and home,ikea", "9.99-29.99", 6,
  colors="white,gray,black,beige")

# --- household: kitchen ------------------------------------------------------
F(H, "coffee maker=12-Cup Programmable Coffee Maker;single serve coffee maker", "cuisinart,keurig,hamilton beach,"
  "breville,ninja,black and decker", "24.99-179.99", 10, colors="black,silver,white,red")
F(H, "espresso machine", "breville,nespresso,ninja", "149.99-699.99", 5, colors="silver,black,red")
F(H, "stand mixer", "kitchenaid,hamilton beach,cuisinart", "99.99-449.99", 7, "4.5 quart,5 quart:1.2",
  colors="@kitchen")
F(H, "hand mixer;toaster=2-Slice Toaster;toaster=4-Slice Toaster", "cuisinart,hamilton beach,oster,kitchenaid",
  "19.99-79.99", 6, colors="black,white,silver,red")
F(H, "toaster oven", "ninja,breville,cuisinart,black and decker,hamilton beach", "39.99-299.99", 6,
  colors="black,silver")
F(H, "air fryer", "ninja,instant pot,philips,cuisinart,hushcart basics", "59.99-149.99", 8,
  "4 quart,6 quart:1.25,8 quart:1.5", colors="black,gray,white")
F(H, "slow cooker;pressure cooker", "crock pot,hamilton beach,instant pot,ninja", "29.99-119.99", 6,
  "6 quart,8 quart:1.3", colors="black,silver")
F(H, "rice cooker", "hamilton beach,instant pot,hushcart basics", "24.99-89.99", 4, colors="white,black,silver")
F(H, "blender;food processor", "vitamix,ninja,oster,hamilton beach,cuisinart", "39.99-449.99", 9,
  colors="black,silver,red")
F(H, "electric kettle", "cuisinart,hamilton beach,breville,hushcart basics", "24.99-99.99", 5, colors="@kitchen")
F(H, "kettle=Stovetop Tea Kettle", "le creuset,hearth and home", "29.99-119.99", 2, colors="red,teal,white,black")
F(H, "cast iron skillet", "lodge,hearth and home", "14.99-24.99", 5, "8 inch,10 inch:1.3,12 inch:1.7")
F(H, "frying pan=Nonstick Frying Pan", "t fal,calphalon,all clad,oxo", "19.99-59.99", 6,
  "8 inch,10 inch:1.3,12 inch:1.6")
F(H, "pots and pans set=Nonstick Pots and Pans Set;pots and pans set=Stainless Steel Pots and Pans Set",
  "calphalon,t fal,cuisinart,all clad,hearth and home", "79.99-399.99", 6, "10 piece,12 piece:1.2")
F(H, "dutch oven=Enameled Cast Iron Dutch Oven", "le creuset,lodge", "69.99-389.99", 3, "5.5 quart",
  colors="red,teal,white,sage green,navy")
F(H, "knife set;bamboo cutting board;cutting board=Plastic Cutting Board Set", "oxo,hearth and home,cuisinart",
  "14.99-99.99", 6)
F(H, "coffee mug=Ceramic Coffee Mug;travel mug=Insulated Travel Mug", "hearth and home,contigo,yeti,hushcart basics",
  "7.99-29.99", 6, "12 ounce,16 ounce:1.2", colors="@kitchen")
F(H, "tumbler=Insulated Tumbler", "yeti,contigo,hydro flask,rtic", "19.99-39.99", 8, "20 ounce,30 ounce:1.2,"
  "40 ounce:1.4", colors="@bottle")
F(H, "water bottle=Insulated Water Bottle;water bottle=Sports Water Bottle", "hydro flask,yeti,contigo,camelbak,"
  "nalgene,hushcart basics", "12.99-44.99", 12, "24 ounce,32 ounce:1.2,40 ounce:1.35", colors="@bottle")
F(H, "food storage containers=Glass Food Storage Containers;food storage containers=Plastic Food Storage Containers",
  "pyrex,rubbermaid,tupperware,oxo", "14.99-39.99", 5, "10 piece,18 piece:1.5")
F(H, "ice cube trays;salt and pepper shakers;kitchen gadget set=Kitchen Gadgets Set;dish rack;measuring cups",
  "oxo,hearth and home,hushcart basics", "6.99-39.99", 7, colors="white,black,silver,gray")
F(H, "dinnerware set", "corelle,hearth and home", "39.99-99.99", 2, "12 piece,16 piece:1.3", colors="white,navy,gray")
F(H, "lunch box=Insulated Lunch Box", "hushcart basics,igloo", "12.99-24.99", 2, colors="black,navy,teal,pink")

# --- household: appliances -----------------------------------------------------
F(H, "washing machine=Front Load Washing Machine;washing machine=Top Load Washing Machine",
  "whirlpool,lg,samsung,maytag,ge", "599.99-1299.99", 6, colors="white,silver")
F(H, "electric dryer", "whirlpool,lg,samsung", "599.99-1099.99", 2, colors="white,silver")
F(H, "refrigerator=French Door Refrigerator", "lg,samsung,whirlpool,frigidaire", "1499.99-2399.99", 3,
  colors="silver,black,white")
F(H, "microwave=Countertop Microwave", "panasonic,ge,toshiba,hamilton beach", "79.99-249.99", 4,
  colors="black,silver,white")
F(H, "vacuum=Cordless Stick Vacuum;vacuum=Upright Vacuum;vacuum=Handheld Vacuum", "dyson,shark,bissell,hoover",
  "59.99-649.99", 10, colors="purple,gray,blue,red,silver,black")
F(H, "robot vacuum", "irobot,shark,hushcart basics", "149.99-899.99", 5, colors="black,white,silver")
F(H, "air purifier;space heater;tower fan", "dyson,honeywell,hushcart basics", "39.99-349.99", 8,
  colors="white,black,silver")
F(H, "humidifier=Cool Mist Humidifier", "vicks,honeywell", "29.99-69.99", 3, colors="white,blue")

# --- household: bed, bath, furniture ---------------------------------------------
F(H, "bath towels=Cotton Bath Towels;bath towels=Quick-Dry Bath Towels;hand towels;beach towel",
  "hearth and home,hushcart basics", "9.99-39.99", 10, "2 pack,4 pack:1.7,6 pack:2.4", colors="@home",
  attrs="organic?0.2")
F(H, "throw blanket=Fleece Throw Blanket;throw blanket=Knit Throw Blanket;throw blanket=Sherpa Throw Blanket",
  "hearth and home,hushcart basics,ikea", "19.99-59.99", 6, colors="@home")
F(H, "throw pillows=Throw Pillow Covers;throw pillows=Decorative Throw Pillows", "hearth and home,hushcart basics",
  "14.99-34.99", 6, "18 inch,20 inch:1.15", colors="@home")
F(H, "bed pillows", "hearth and home,hushcart basics", "24.99-59.99", 4, "queen,king:1.2")
F(H, "comforter=Down Alternative Comforter;comforter=Quilted Comforter Set", "hearth and home,hushcart basics,ikea",
  "39.99-119.99", 9, "@bed4", colors="@home")
F(H, "duvet cover=Duvet Cover Set", "hearth and home,hushcart basics,ikea", "34.99-99.99", 6, "@bed4",
  colors="@home", attrs="organic?0.2")
F(H, "cotton bed sheets=Cotton Sheet Set", "hearth and home,hushcart basics", "39.99-119.99", 8, "@bed",
  colors="@home", attrs="organic?0.35", desc="400 Thread Count,Percale,Sateen,Jersey")
F(H, "microfiber bed sheets=Microfiber Sheet Set;flannel bed sheets=Flannel Sheet Set",
  "hearth and home,hushcart basics", "24.99-59.99", 5, "@bed", colors="@home")
F(H, "mattress topper=Memory Foam Mattress Topper;mattress pad=Quilted Mattress Pad",
  "hearth and home,hushcart basics", "39.99-179.99", 8, "@bed", colors="white")
F(H, "mattress protector", "hearth and home,hushcart basics", "24.99-59.99", 4, "@bed", colors="white",
  attrs="waterproof?0.7")
F(H, "mattress=Memory Foam Mattress;mattress=Hybrid Mattress", "hearth and home,hushcart basics", "249.99-999.99", 4,
  "@bed")
F(H, "bed frame=Metal Platform Bed Frame;bed frame=Upholstered Bed Frame", "hearth and home,hushcart basics,ikea",
  "119.99-449.99", 5, "@bed4", colors="black,white,gray,beige")
F(H, "area rug", "hearth and home,hushcart basics,ikea", "49.99-299.99", 8, colors="@home",
  desc="Boho,Shag,Geometric,Vintage,Washable,Jute")
F(H, "blackout curtains;shower curtain;bath mat", "hearth and home,hushcart basics", "12.99-39.99", 6, colors="@home")
F(H, "desk lamp=LED Desk Lamp;floor lamp", "hearth and home,ikea,hushcart basics", "19.99-89.99", 6,
  colors="black,white,silver,gold")
F(H, "standing desk=Electric Standing Desk", "hushcart basics,hearth and home", "179.99-549.99", 5,
  "48 inch,55 inch:1.15,60 inch:1.3", colors="white,black,gray,brown")
F(H, "office chair=Mesh Office Chair;ergonomic office chair", "hushcart basics,hearth and home,ikea", "89.99-399.99",
  8, colors="black,gray,white,blue")
F(H, "gaming chair", "corsair,razer", "199.99-449.99", 2, colors="black,red,gray")
F(H, "patio chairs=Outdoor Patio Chairs", "hearth and home,hushcart basics", "79.99-249.99", 3, "2 pack,4 pack:1.8",
  colors="black,gray,beige,navy")
F(H, "bookshelf", "ikea,hearth and home", "49.99-149.99", 2, colors="white,black,brown")

# --- household: garden, tools, outdoors ----------------------------------------
F(H, "garden hose", "green thumb,hearth and home,hushcart basics", "19.99-29.99", 6,
  "25 foot,50 foot:1.4,75 foot:1.8,100 foot:2.2", colors="green,black,blue")
F(H, "watering can;garden gloves;pruning shears;leaf rake;garden shovel", "fiskars,green thumb", "9.99-34.99", 8)
F(H, "potting soil;potting mix;garden soil", "miracle gro,scotts,green thumb", "4.99-12.99", 7, "8 quart,25 quart:2.1",
  attrs="organic?0.3")
F(H, "mulch;lawn fertilizer;grass seed", "scotts,miracle gro,green thumb", "4.99-39.99", 6)
F(H, "heirloom tomato seeds;flower seeds;herb garden seeds", "green thumb,hushcart basics", "2.99-7.99", 4,
  attrs="organic?0.6")
F(H, "hedge trimmer;leaf blower;cordless drill=Cordless Drill Kit", "dewalt,black and decker,ryobi,makita,"
  "milwaukee,bosch", "49.99-199.99", 10, attrs="")
F(H, "cordless lawn mower=Cordless Electric Lawn Mower;gas lawn mower", "ryobi,dewalt,craftsman,black and decker",
  "249.99-599.99", 5)
F(H, "tool set;step ladder", "craftsman,hushcart basics", "39.99-129.99", 3)
F(H, "flashlight=LED Flashlight", "energizer,hushcart basics", "9.99-29.99", 2)
F(H, "gas grill=Propane Gas Grill;charcoal grill*0.4", "weber,hushcart basics", "249.99-899.99", 5,
  colors="black,silver,red")
F(H, "pellet grill", "traeger", "499.99-999.99", 2, colors="black")
F(H, "solar lights=Solar Pathway Lights;solar lights=Solar String Lights", "hearth and home,hushcart basics",
  "19.99-34.99", 4, "6 pack,12 pack:1.7")
F(H, "cooler=Hard Cooler;cooler=Soft Cooler", "yeti,igloo,coleman,rtic", "29.99-299.99", 6,
  colors="white,navy,tan,gray,red")
F(H, "tent;sleeping bag;camping chair", "coleman,hushcart basics", "29.99-179.99", 5, colors="green,blue,gray,orange")
F(H, "yoga mat", "lululemon,hushcart basics", "19.99-89.99", 4, colors="black,purple,teal,pink,gray,blue")
F(H, "foam roller;resistance bands;dumbbells;kettlebell", "hushcart basics", "14.99-59.99", 4,
  colors="black,purple,teal,pink,gray,blue")

# --- household: baby ----------------------------------------------------------
F(H, "diapers", "huggies,pampers,luvs,seventh generation,the honest company,hushcart basics", "24.99-49.99", 12,
  "@diapers")
F(H, "baby wipes", "huggies,pampers,seventh generation,the honest company,hushcart basics", "3.49-5.49", 8,
  ",3 pack:2.7,12 pack:9", desc="Fragrance Free,Sensitive,Unscented,Fresh Scent")
F(H, "pacifiers;baby bottles", "philips,little sprout", "7.99-24.99", 5, colors="blue,pink,green,white")
F(H, "stroller=Lightweight Stroller;stroller=Jogging Stroller;car seat=Convertible Car Seat;"
     "car seat=Infant Car Seat", "little sprout,hushcart basics", "99.99-349.99", 6,
  colors="black,gray,navy,charcoal")
F(H, "crib mobile;swaddle blanket", "little sprout,hearth and home", "14.99-39.99", 5,
  colors="ivory,white,sage green,pink,light blue,gray", attrs="organic?0.4")

# --- household: office -------------------------------------------------------------
F(H, "printer paper=Copy and Printer Paper", "hp,hushcart basics", "8.99-12.99", 3, "500 count,5 pack:4.5")
F(H, "sticky notes", "post it,hushcart basics", "4.99-14.99", 4, "12 pack,24 pack:1.8",
  colors="yellow,multicolor,pink")
F(H, "ballpoint pens;gel pens", "bic,pilot,paper mate", "3.99-12.99", 8, "12 pack,24 pack:1.7",
  colors="black,blue,red,multicolor")
F(H, "pencils=No. 2 Pencils;pen and pencil set", "paper mate,hushcart basics", "3.99-14.99", 3)
F(H, "permanent markers;highlighters", "sharpie,bic", "4.99-12.99", 4, "4 pack,12 pack:2.2",
  colors="black,multicolor,blue")
F(H, "whiteboard markers=Dry Erase Whiteboard Markers", "expo", "4.99-9.99", 3, "4 pack,12 pack:2.2",
  colors="black,multicolor,blue")
F(H, "crayons", "crayola", "1.99-5.99", 3, "24 count,64 count:2.3,120 count:4")
F(H, "spiral notebook;composition notebook;hardcover notebook", "mead,moleskine,hushcart basics", "2.99-19.99", 5,
  colors="black,blue,red,green")
F(H, "manila folders;binders", "avery,hushcart basics", "4.99-14.99", 4, "12 pack,24 pack:1.8")
F(H, "stapler;scissors;packing tape", "hushcart basics,fiskars,scotch", "3.99-14.99", 4)

# --- electronics -------------------------------------------------------------------
F(E, "headphones=Over-Ear Headphones;over ear headphones=Over-Ear Headphones;on ear headphones=On-Ear Headphones;"
     "headphones=Studio Headphones", "sony,bose,beats,jbl,sennheiser,skullcandy,audio technica,apple,anker",
  "29.99-379.99", 26, colors="@tech", attrs="wireless?0.7 noise-cancelling?0.45 refurbished?0.12", fixed=True)
F(E, "earbuds=True Wireless Earbuds", "apple,samsung,jabra,jbl,sony,bose,beats,skullcandy,anker", "29.99-249.99", 16,
  colors="@tech", attrs="!wireless noise-cancelling?0.4 waterproof?0.25 refurbished?0.1")
F(E, "earphones=Wired Earphones", "sony,panasonic,skullcandy,jbl", "9.99-49.99", 5, colors="black,white,blue,red")
F(E, "headset=Office Headset", "sennheiser,jabra,logitech", "39.99-249.99", 5, colors="black,gray",
  attrs="wireless?0.6 noise-cancelling?0.4")
F(E, "gaming headset", "hyperx,steelseries,razer,corsair,logitech", "39.99-199.99", 7, colors="black,white,red",
  attrs="wireless?0.5 noise-cancelling?0.3")
F(E, "bluetooth speaker=Portable Bluetooth Speaker", "jbl,bose,sony,ultimate ears,anker", "29.99-179.99", 10,
  colors="@tech", attrs="!wireless waterproof?0.5")
F(E, "smart speaker", "amazon,google,sonos,apple", "39.99-249.99", 5, colors="black,white,gray")
F(E, "soundbar", "bose,sonos,samsung,vizio,yamaha,lg,sony,jbl", "99.99-899.99", 10, colors="black",
  attrs="refurbished?0.1")
F(E, "smart tv=4K UHD Smart TV;smart tv=QLED 4K Smart TV*1.4", "samsung,lg,sony,tcl,hisense,vizio",
  "229.99-429.99", 18, "43 inch,50 inch:1.25,55 inch:1.5,65 inch:2.1,75 inch:3,85 inch:4.2", front=True,
  attrs="refurbished?0.1")
F(E, "oled tv=OLED 4K Smart TV", "lg,sony,samsung", "599.99-799.99", 6, "55 inch,65 inch:1.5,77 inch:2.3,"
  "83 inch:3", front=True, attrs="refurbished?0.15")
F(E, "television=LED HD Television", "lg,samsung,tcl,hisense,vizio,sharp", "99.99-199.99", 6,
  "24 inch,32 inch:1.4,40 inch:1.8,43 inch:2", front=True, attrs="refurbished?0.25")
F(E, "streaming stick=4K Streaming Stick;streaming stick=HD Streaming Stick", "roku,amazon,google", "24.99-49.99", 5)
F(E, "laptop;gaming laptop*1.35;2 in 1 laptop*1.1", "dell,hp,lenovo,asus,acer,microsoft,msi", "349.99-1299.99",
  17, "13 inch,14 inch:1.05,15 inch:1.12,16 inch:1.25", front=True, colors="@laptop", attrs="refurbished?0.15")
F(E, "laptop", "apple", "999.99-1599.99", 6, "13 inch,14 inch:1.3,15 inch:1.15,16 inch:1.6", front=True,
  colors="silver,gray,gold,blue", attrs="refurbished?0.25")
F(E, "chromebook", "acer,hp,lenovo,asus", "179.99-449.99", 6, "11 inch,14 inch:1.3", front=True,
  colors="silver,gray,blue", attrs="refurbished?0.25")
F(E, "ipad", "apple", "329.99-799.99", 5, "64 gigabyte,128 gigabyte:1.2,256 gigabyte:1.45",
  colors="silver,gray,blue,pink,purple", attrs="refurbished?0.2")
F(E, "tablet", "samsung,amazon,lenovo,microsoft", "79.99-599.99", 8, "32 gigabyte,64 gigabyte:1.2,128 gigabyte:1.45",
  colors="black,gray,silver,blue", attrs="refurbished?0.2")
F(E, "e reader=E-Reader", "kindle,hushcart basics", "99.99-189.99", 4, "16 gigabyte,32 gigabyte:1.2",
  colors="black,green,pink", attrs="waterproof?0.5 refurbished?0.3")
F(E, "iphone", "apple", "599.99-999.99", 8, "128 gigabyte,256 gigabyte:1.15,512 gigabyte:1.4",
  colors="black,white,blue,pink,green,purple,gold,silver", attrs="refurbished?0.3")
F(E, "smartphone=Unlocked Smartphone", "samsung,google,motorola,oneplus,nokia", "149.99-899.99", 10,
  "128 gigabyte,256 gigabyte:1.15", colors="black,blue,green,silver,purple", attrs="refurbished?0.2")
F(E, "phone case=Clear Phone Case;phone case=Rugged Phone Case;phone case=Silicone Phone Case;"
     "phone case=Wallet Phone Case", "hushcart basics,circuit works,apple,samsung", "9.99-49.99", 14,
  colors="@phone", attrs="waterproof?0.2")
F(E, "phone pouch=Waterproof Phone Pouch", "circuit works,hushcart basics", "7.99-14.99", 3,
  colors="black,blue,pink,teal", attrs="!waterproof")
F(E, "screen protector=Tempered Glass Screen Protector;phone tripod", "circuit works,belkin,hushcart basics",
  "9.99-29.99", 5, ",2 pack:1.6")
F(E, "phone charger=USB-C Wall Charger;car charger=USB-C Car Charger", "anker,belkin,apple,samsung,hushcart basics",
  "12.99-39.99", 8, "20 watt,30 watt:1.2,65 watt:1.8", colors="white,black")
F(E, "charging pad=Wireless Charging Pad;wireless charger=3-in-1 Wireless Charging Stand",
  "anker,belkin,samsung,hushcart basics", "14.99-79.99", 6, colors="black,white", attrs="!wireless")
F(E, "power bank=Portable Power Bank", "anker,belkin,circuit works", "19.99-59.99", 4, colors="black,white,blue",
  desc="Slim,High Capacity,Magnetic")
F(E, "usb c cable=USB-C to USB-C Cable;usb c cable=USB-C to USB-A Cable;lightning cable=USB-C to Lightning Cable;"
     "usb cable=Micro USB Cable", "anker,belkin,apple,hushcart basics,circuit works", "7.99-19.99", 12,
  "3 foot,6 foot:1.3,10 foot:1.6", colors="black,white,gray,blue,red", desc="Braided,Fast Charging,")
F(E, "hdmi cable=High Speed HDMI Cable", "belkin,amazon,hushcart basics", "6.99-14.99", 5,
  "3 foot,6 foot:1.3,10 foot:1.6,15 foot:2", colors="black")
F(E, "keyboard=Slim Keyboard;keyboard=Ergonomic Keyboard", "logitech,microsoft,apple", "29.99-129.99", 6,
  colors="black,white,gray,pink", attrs="wireless?0.7")
F(E, "mechanical keyboard;gaming keyboard", "logitech,razer,corsair,steelseries", "59.99-179.99", 6,
  colors="black,white", attrs="wireless?0.4")
F(E, "mouse=Wireless Mouse;mouse=Ergonomic Mouse", "logitech,razer,microsoft,apple,corsair", "14.99-99.99", 8,
  colors="black,white,gray,pink,blue", attrs="wireless?0.7")
F(E, "gaming mouse", "razer,logitech,corsair,steelseries,hyperx", "29.99-149.99", 6, colors="black,white",
  attrs="wireless?0.4")
F(E, "mouse and keyboard combo", "logitech,microsoft", "29.99-79.99", 3, colors="black,white,gray",
  attrs="wireless?0.8")
F(E, "webcam=1080p Webcam;webcam=4K Webcam", "logitech,razer,microsoft", "39.99-199.99", 4)
F(E, "monitor;gaming monitor*1.4", "dell,lg,samsung,asus,acer,hp,msi", "129.99-299.99", 12,
  "24 inch,27 inch:1.35,32 inch:1.9,34 inch:2.4", front=True, attrs="refurbished?0.1")
F(E, "printer=All-in-One Inkjet Printer;laser printer", "canon,hp,epson,brother", "79.99-299.99", 8,
  colors="black,white", attrs="wireless?0.8 refurbished?0.1")
F(E, "printer ink=Black Ink Cartridge;printer ink=Color Ink Cartridge;printer ink=Ink Cartridge Combo Pack;"
     "toner cartridge", "hp,canon,epson,brother", "19.99-79.99", 10)
F(E, "router=Wi-Fi 6 Router;mesh wifi system", "netgear,tp link,linksys,asus,google", "59.99-349.99", 8,
  attrs="!wireless refurbished?0.2")
F(E, "memory card=microSD Memory Card;memory card=SD Memory Card", "sandisk,samsung,kingston", "9.99-19.99", 10,
  "64 gigabyte,128 gigabyte:1.6,256 gigabyte:2.6,512 gigabyte:4.5")
F(E, "flash drive=USB Flash Drive;portable ssd=Portable SSD*6", "sandisk,kingston,samsung,crucial", "9.99-19.99", 7,
  "64 gigabyte,128 gigabyte:1.5,256 gigabyte:2.2")
F(E, "external hard drive=Portable External Hard Drive", "seagate,western digital", "59.99-79.99", 6,
  "1 terabyte,2 terabyte:1.3,4 terabyte:1.8,5 terabyte:2.1", colors="black,blue,red,silver")
F(E, "smartwatch", "apple,samsung,garmin,fitbit,google", "149.99-449.99", 10, colors="@metal",
  attrs="waterproof?0.5 refurbished?0.12")
F(E, "watch band=Sport Watch Band", "hushcart basics,circuit works", "9.99-19.99", 3, colors="@bottle")
F(E, "fitness tracker", "fitbit,garmin,samsung", "49.99-149.99", 6, colors="black,pink,blue,gray",
  attrs="waterproof?0.6")
F(E, "bike computer=GPS Bike Computer", "garmin", "149.99-349.99", 3, desc="Compact,Touchscreen,Solar")
F(E, "action camera", "gopro,circuit works", "149.99-399.99", 4, attrs="waterproof?0.7 refurbished?0.2")
F(E, "digital camera=Compact Digital Camera;mirrorless camera*2;dslr camera=DSLR Camera*1.6",
  "canon,nikon,sony,fujifilm,olympus", "299.99-799.99", 10, colors="black,silver", attrs="refurbished?0.25")
F(E, "instant camera", "fujifilm", "69.99-99.99", 2, colors="pink,blue,white,purple")
F(E, "security camera=Indoor Security Camera", "google,circuit works,hushcart basics", "29.99-99.99", 3,
  ",2 pack:1.8", colors="white,black", attrs="wireless?0.7")
F(E, "security camera=Outdoor Security Camera", "google,circuit works,hushcart basics", "59.99-179.99", 4,
  ",2 pack:1.8", colors="white,black", attrs="wireless?0.7 waterproof?0.6")
F(E, "doorbell=Video Doorbell", "google,circuit works", "59.99-179.99", 3, colors="black,white,silver",
  attrs="wireless?0.7")
F(E, "baby monitor=Video Baby Monitor", "little sprout,circuit works", "49.99-199.99", 3, attrs="wireless?0.5")
F(E, "smart thermostat", "google,honeywell", "99.99-249.99", 2)
F(E, "smart plug", "tp link,circuit works", "9.99-24.99", 2, ",4 pack:3")
F(E, "game console", "playstation,xbox,nintendo", "299.99-499.99", 5, attrs="refurbished?0.2")
F(E, "game controller=Wireless Controller", "sony,xbox,microsoft,nintendo", "49.99-69.99", 7,
  colors="black,white,red,blue,camo", attrs="!wireless refurbished?0.2")
F(E, "switch game=Party Game for Switch;switch game=Racing Game for Switch;switch game=Adventure Game for Switch",
  "nintendo", "39.99-59.99", 5, desc="Family,Kids,")
F(E, "video game=Open World Adventure Game;video game=Racing Game;video game=Sports Game", "playstation,xbox",
  "29.99-69.99", 4)
F(E, "vr headset", "meta", "299.99-499.99", 2, "128 gigabyte,512 gigabyte:1.4")
F(E, "projector=Home Theater Projector;projector=Portable Mini Projector", "epson,circuit works", "99.99-899.99", 4)
F(E, "projector screen", "circuit works,hushcart basics", "29.99-59.99", 3, "80 inch,100 inch:1.3,120 inch:1.7")
F(E, "drone=Camera Drone", "circuit works", "79.99-299.99", 2, desc="Mini,4K")
F(E, "calculator=Scientific Calculator;calculator=Graphing Calculator*6", "casio", "12.99-19.99", 2)

# --- clothing: shoes -------------------------------------------------------------
F(C, "running shoes", "nike,adidas,brooks,asics,hoka,saucony,new balance,puma,under armour,reebok", "59.99-169.99",
  26, "@shoes", colors="@shoes", gender="mw", desc="Cushioned,Lightweight,Stability,Neutral,Road,Responsive", fixed=True)
F(C, "trail running shoes", "salomon,hoka,brooks,merrell,saucony,asics", "89.99-159.99", 8, "@shoes",
  colors="@shoes", gender="mw", attrs="waterproof?0.3")
F(C, "walking shoes", "new balance,skechers,asics,brooks", "49.99-139.99", 7, "@shoes", colors="@shoes", gender="mw")
F(C, "sneakers=Classic Sneakers;sneakers=Low Top Sneakers;sneakers=Slip-On Sneakers",
  "puma,converse,vans,nike,adidas,new balance,reebok,skechers", "44.99-119.99", 14, "@shoes", colors="@shoes",
  gender="mw")
F(C, "high top sneakers=High-Top Sneakers", "converse,vans,nike,adidas", "54.99-119.99", 5, "@shoes",
  colors="@shoes", gender="mw")
F(C, "cross trainers", "reebok,nike,under armour", "59.99-129.99", 4, "@shoes", colors="@shoes", gender="mw")
F(C, "basketball shoes", "nike,adidas,under armour", "79.99-149.99", 3, "@shoes", colors="@shoes", gender="mw")
F(C, "sneakers", "nike,adidas,skechers", "34.99-59.99", 3, "@shoes", colors="@shoes", gender="k")
F(C, "dress shoes=Leather Oxford Dress Shoes;loafers=Leather Loafers", "trail and thread,hushcart basics",
  "59.99-129.99", 6, "@shoes", colors="brown,black,tan", gender="m")
F(C, "hiking boots", "merrell,timberland,columbia,salomon", "89.99-179.99", 8, "@shoes", colors="@boots",
  gender="mw", attrs="waterproof?0.6")
F(C, "work boots=Leather Work Boots", "timberland,carhartt,hushcart basics", "99.99-189.99", 5, "@shoes",
  colors="brown,black,tan", gender="m", attrs="waterproof?0.5")
F(C, "snow boots", "columbia,the north face,ugg", "79.99-189.99", 5, "@shoes", colors="black,brown,gray,tan",
  gender="mwk", attrs="waterproof?0.7")
F(C, "rain boots", "crocs,trail and thread,hushcart basics", "29.99-79.99", 4, "@shoes",
  colors="yellow,black,navy,red,olive", gender="mwk", attrs="!waterproof")
F(C, "ankle boots=Suede Ankle Boots;chelsea boots", "trail and thread,ugg,timberland", "79.99-169.99", 6, "@shoes",
  colors="@boots", gender="w")
F(C, "sandals;flip flops*0.45", "teva,crocs,old navy,trail and thread", "24.99-79.99", 7, "@shoes",
  colors="black,brown,tan,navy,white,coral", gender="mw")
F(C, "clogs;sandals=Cork Footbed Sandals", "birkenstock", "99.99-159.99", 4, "@eu", colors="black,brown,tan,white")
F(C, "clogs", "crocs", "34.99-54.99", 3, "@shoes", colors="black,white,navy,pink,lime,light blue", gender="mw")
F(C, "slippers", "ugg,trail and thread,hushcart basics", "24.99-109.99", 5, "@shoes",
  colors="pink,gray,tan,black,burgundy,cream", gender="mwk")

# --- clothing: tops ---------------------------------------------------------------
F(C, "hoodie=Pullover Hoodie;hoodie=Full-Zip Hoodie;hoodie=Fleece Hoodie",
  "champion,hanes,nike,adidas,puma,under armour,carhartt,gap,old navy,the north face", "19.99-79.99", 22, "@letters",
  colors="@basics", gender="mw")
F(C, "sweatshirt=Crewneck Sweatshirt", "champion,hanes,gap,old navy,adidas", "19.99-54.99", 8, "@letters",
  colors="@basics", gender="mw")
F(C, "t shirt=Crew Neck T-Shirt;t shirt=V-Neck T-Shirt;t shirt=Pocket T-Shirt;t shirt=Graphic T-Shirt",
  "hanes,fruit of the loom,gap,uniqlo,champion,nike,old navy", "7.99-29.99", 16, "@letters", colors="@basics",
  gender="mw", desc="Cotton,Heavyweight,Slim Fit,Classic", attrs="organic?0.15")
F(C, "tank top", "hanes,old navy,gap,lululemon,athleta", "9.99-39.99", 5, "@letters", colors="@active", gender="mw")
F(C, "polo shirt", "lacoste,uniqlo,gap,old navy,under armour", "19.99-89.99", 7, "@letters", colors="@apparel",
  gender="m")
F(C, "flannel shirt", "carhartt,columbia,wrangler,old navy", "24.99-59.99", 6, "@letters",
  colors="red,maroon,navy,forest green,charcoal,blue,burgundy", gender="mw")
F(C, "dress shirt;oxford shirt", "trail and thread,hushcart basics,uniqlo", "24.99-59.99", 5, "@letters",
  colors="white,light blue,blue,pink,gray", gender="m")
F(C, "sweater=Crewneck Sweater;wool sweater=Merino Wool Sweater;cashmere sweater*2.2;sweater=Cable Knit Sweater",
  "gap,uniqlo,old navy,h and m,trail and thread", "29.99-69.99", 12, "@letters", colors="@apparel", gender="mw")
F(C, "cardigan", "gap,uniqlo,old navy,h and m", "29.99-69.99", 5, "@letters", colors="@apparel", gender="w")
F(C, "blazer", "trail and thread,hushcart basics,h and m", "69.99-179.99", 4, "@chest",
  colors="charcoal,navy,black,gray,khaki", gender="mw")
F(C, "scrubs=Scrub Set;scrubs=Scrub Top", "hushcart basics,trail and thread", "19.99-39.99", 4, "@letters",
  colors="navy blue,royal blue,black,teal,gray,burgundy", gender="mw")
F(C, "sports bra", "nike,lululemon,under armour,athleta,champion", "19.99-59.99", 7, "@letters", colors="@active",
  gender="w")

# --- clothing: bottoms ---------------------------------------------------------------
F(C, "jeans=Slim Fit Jeans;jeans=Straight Fit Jeans;jeans=Relaxed Fit Jeans;jeans=Skinny Jeans",
  "wrangler,gap,old navy,uniqlo,h and m,carhartt", "29.99-79.99", 14, "@pants", colors="@denim", gender="mw")
F(C, "chinos;cargo pants", "gap,old navy,uniqlo,carhartt,wrangler,columbia", "29.99-64.99", 9, "@pants",
  colors="khaki,navy,charcoal,olive,olive green,tan,black", gender="m")
F(C, "leggings;yoga pants", "lululemon,athleta,gymshark,old navy,nike", "19.99-98.99", 14, "@letters",
  colors="@active", gender="w")
F(C, "sweatpants=Jogger Sweatpants", "hanes,champion,nike,gap,old navy", "19.99-54.99", 8, "@letters",
  colors="@basics", gender="mw")
F(C, "gym shorts;running shorts", "under armour,nike,adidas,puma,brooks,lululemon,champion", "14.99-58.99", 13,
  "@letters", colors="@active", gender="mw")
F(C, "swim trunks;swimsuit=One-Piece Swimsuit", "old navy,columbia,patagonia,h and m,athleta", "19.99-69.99", 7,
  "@letters", colors="@outdoor")
F(C, "rain pants", "columbia,marmot,the north face", "39.99-99.99", 4, "@letters", colors="black,charcoal,navy,olive",
  gender="mw", attrs="!waterproof")

# --- clothing: outerwear -------------------------------------------------------------
F(C, "rain jacket", "the north face,columbia,patagonia,marmot,arcteryx,trail and thread", "49.99-249.99", 12,
  "@letters", colors="@outdoor", gender="mw", attrs="!waterproof")
F(C, "kids rain jacket", "columbia,old navy,hushcart basics", "24.99-54.99", 4, "@kidletters",
  colors="yellow,red,navy,pink,green,blue", attrs="!waterproof")
F(C, "raincoat", "trail and thread,hushcart basics,columbia", "49.99-129.99", 4, "@letters",
  colors="yellow,navy,black,olive,red", gender="mw", attrs="!waterproof")
F(C, "puffer jacket", "the north face,patagonia,columbia,uniqlo,old navy", "59.99-229.99", 7, "@letters",
  colors="@outdoor", gender="mw", attrs="waterproof?0.2")
F(C, "bomber jacket;denim jacket", "h and m,gap,wrangler,trail and thread,old navy", "39.99-89.99", 5, "@letters",
  colors="black,olive,navy,blue,light blue,tan,burgundy", gender="mw")
F(C, "running jacket", "nike,brooks,adidas,asics", "49.99-129.99", 4, "@letters", colors="@active", gender="mw",
  attrs="waterproof?0.3")
F(C, "fleece jacket", "patagonia,columbia,the north face,old navy", "29.99-179.99", 7, "@letters", colors="@outdoor",
  gender="mw")
F(C, "fleece vest;puffer vest;down vest", "patagonia,the north face,columbia", "49.99-179.99", 6, "@letters",
  colors="@outdoor", gender="mw")
F(C, "winter coat=Insulated Winter Coat;parka", "columbia,the north face,patagonia,trail and thread", "99.99-299.99",
  9, "@letters", colors="black,navy,navy blue,charcoal,olive,burgundy,tan,red", gender="mw", attrs="waterproof?0.4")
F(C, "trench coat", "trail and thread,hushcart basics,h and m", "79.99-189.99", 3, "@numeric",
  colors="khaki,beige,black,navy", gender="w")

# --- clothing: underwear, nightwear, socks --------------------------------------------
F(C, "pajamas=Pajama Set", "old navy,gap,hanes,h and m", "19.99-49.99", 6, "@letters", colors="@apparel",
  gender="mw", attrs="organic?0.15")
F(C, "pajamas=Kids Pajama Set", "old navy,gap,hushcart basics", "14.99-29.99", 3, "@kids",
  colors="blue,pink,navy,red,green")
F(C, "boxer briefs;underwear=Cotton Briefs", "hanes,jockey,fruit of the loom", "14.99-34.99", 5, "@letters",
  colors="black,gray,navy,multicolor", gender="m")
F(C, "socks=Athletic Crew Socks;wool socks=Merino Wool Socks;hiking socks;socks=Ankle Socks;dress socks",
  "bombas,darn tough,smartwool,hanes,nike,fruit of the loom", "9.99-29.99", 14, "@letters",
  colors="black,white,gray,navy,charcoal,multicolor", gender="mw")

# --- clothing: accessories, bags ----------------------------------------------------------
F(C, "beanie;baseball cap", "carhartt,the north face,patagonia,nike,new balance,hushcart basics", "14.99-39.99", 10,
  "small,medium,large", colors="black,navy,mustard,charcoal,red,olive,forest green,gray,brown")
F(C, "scarf=Knit Scarf;cashmere scarf*3;scarf=Plaid Scarf", "trail and thread,hushcart basics,uniqlo",
  "14.99-39.99", 6, colors="@apparel")
F(C, "winter gloves", "the north face,columbia,carhartt", "19.99-49.99", 4, "@letters", colors="black,gray,navy,brown",
  attrs="waterproof?0.4")
F(C, "sunglasses=Polarized Sunglasses;sunglasses=Aviator Sunglasses", "ray ban,oakley,hushcart basics",
  "19.99-199.99", 6, colors="black,brown,gold,silver,blue")
F(C, "watch=Analog Watch;watch=Digital Watch;watch=Chronograph Watch;watch=Dive Watch",
  "fossil,timex,casio,citizen,seiko", "29.99-349.99", 10, colors="@metal", gender="mw", attrs="waterproof?0.4")
F(C, "backpack;laptop backpack;hiking backpack", "jansport,herschel,the north face,patagonia,hushcart basics",
  "29.99-149.99", 10, colors="@outdoor", attrs="waterproof?0.2")
F(C, "leather laptop bag;duffel bag", "trail and thread,samsonite,hushcart basics", "59.99-179.99", 5,
  colors="brown,black,tan")
F(C, "wallet=Leather Wallet;belt=Leather Belt", "fossil,trail and thread,hushcart basics", "19.99-59.99", 4,
  colors="brown,black,tan")
F(C, "carry on suitcase=Carry-On Suitcase;checked suitcase", "samsonite,hushcart basics,trail and thread",
  "89.99-299.99", 5, colors="black,navy,silver,teal,burgundy")

# --- pet -------------------------------------------------------------------------------
F(P, "dry dog food=Adult Dry Dog Food;grain free dog food=Grain-Free Dry Dog Food;dry dog food=Puppy Dry Dog Food;"
     "dry dog food=Small Breed Dry Dog Food", "purina,pedigree,blue buffalo,iams,hills,royal canin,happy paws,"
  "hushcart basics", "12.99-24.99", 22, "5 pound,15 pound:2.2,30 pound:3.6,40 pound:4.4",
  desc="Chicken & Rice,Lamb & Rice,Salmon & Sweet Potato,Beef & Barley,Turkey & Oatmeal", fixed=True)
F(P, "wet dog food", "purina,pedigree,blue buffalo,hills,happy paws", "1.49-3.29", 7, "13 ounce,12 pack:10",
  desc="Chicken,Beef Stew,Lamb,Turkey & Vegetables")
F(P, "dry cat food", "purina,friskies,meow mix,iams,blue buffalo,hills,royal canin,happy paws", "6.99-12.99", 11,
  "3 pound,7 pound:2,16 pound:3.8", desc="Chicken,Salmon,Ocean Whitefish,Turkey,Indoor,Kitten")
F(P, "wet cat food", "fancy feast,friskies,purina,blue buffalo,happy paws", "0.79-1.49", 8,
  "3 ounce,12 pack:11,24 pack:20", desc="Chicken Pate,Salmon Pate,Tuna Feast,Turkey & Giblets")
F(P, "dog treats;dental treats=Dog Dental Treats", "milk bone,greenies,blue buffalo,pedigree,happy paws",
  "4.99-16.99", 10, "12 ounce,27 ounce:1.9")
F(P, "cat treats", "temptations,greenies,friskies", "2.49-8.99", 4, "3 ounce,16 ounce:3.5")
F(P, "cat litter=Clumping Cat Litter", "tidy cats,fresh step,arm and hammer,happy paws", "9.99-14.99", 8,
  "14 pound,20 pound:1.3,35 pound:2", desc="Unscented,Lightweight,Multi-Cat,Odor Control")
F(P, "dog bed;cat bed", "happy paws,hushcart basics", "24.99-79.99", 7, "@pet", colors="@pet")
F(P, "dog collar;dog leash;dog harness", "happy paws,hushcart basics,kong", "9.99-34.99", 14, "@pet", colors="@pet")
F(P, "flea and tick collar=Flea and Tick Collar for Dogs;flea and tick collar=Flea and Tick Collar for Cats",
  "happy paws,hushcart basics", "14.99-59.99", 3)
F(P, "dog toys;cat toys;chew toy", "kong,nylabone,happy paws", "4.99-19.99", 10, colors="@pet")
F(P, "cat scratching post;cat tree", "happy paws,hushcart basics", "24.99-129.99", 5, colors="beige,gray,brown")
F(P, "dog shampoo", "happy paws,hushcart basics", "7.99-14.99", 3, "16 ounce", desc="Oatmeal,Puppy,Deodorizing",
  liquid=True)
F(P, "fish food=Tropical Fish Flakes;fish food=Goldfish Pellets", "happy paws,hushcart basics", "3.99-6.99", 4,
  "1 ounce,4 ounce:2.5")
F(P, "aquarium filter", "happy paws", "14.99-29.99", 1)
F(P, "bird seed=Wild Bird Seed", "happy paws,hushcart basics", "7.99-12.99", 3, "5 pound,10 pound:1.7,20 pound:3")
F(P, "dog bowls=Stainless Steel Dog Bowls", "happy paws,hushcart basics", "7.99-19.99", 3, colors="@pet")
F(P, "poop bags;puppy pads", "happy paws,hushcart basics", "5.99-24.99", 4, "60 count,120 count:1.8")

# --- beauty and personal care -------------------------------------------------------
F(B, "shampoo", "pantene,head and shoulders,herbal essences,garnier,loreal,tresemme,ogx,aussie,dove,suave,redken,"
  "pure glow", "3.99-12.99", 22, "12 ounce,25 ounce:1.6",
  desc="Moisturizing,Volumizing,Clarifying,Anti-Dandruff,Color Safe,Repair & Protect,Curl Defining,Sulfate-Free",
  attrs="vegan?0.15", liquid=True, fixed=True)
F(B, "conditioner", "pantene,head and shoulders,herbal essences,garnier,loreal,tresemme,ogx,aussie,dove,pure glow",
  "3.99-12.99", 12, "12 ounce,25 ounce:1.6", desc="Moisturizing,Volumizing,Color Safe,Repair & Protect,Curl Defining",
  attrs="vegan?0.15", liquid=True)
F(B, "shampoo and conditioner set;dry shampoo", "pantene,ogx,tresemme,dove,pure glow", "6.99-19.99", 6)
F(B, "body wash", "dove,old spice,olay,irish spring,dial,aveeno,axe,nivea,pure glow", "4.99-9.99", 12,
  "16 ounce,22 ounce:1.3", desc="Deep Moisture,Sensitive Skin,Fresh,Coconut,Shea Butter,Sport", liquid=True)
F(B, "bar soap", "dove,irish spring,dial,pure glow", "3.99-8.99", 5, "4 pack,8 pack:1.8")
F(B, "castile soap=Liquid Castile Soap", "pure glow,hushcart basics", "7.99-14.99", 2, "16 ounce,32 ounce:1.7",
  attrs="!vegan organic?0.5", liquid=True)
F(B, "hand soap", "dial,seventh generation,bath and body works,hearth and home,pure glow", "2.49-7.99", 6,
  "7.5 ounce,3 pack:2.6", desc="Lavender,Lemon,Unscented,Sea Minerals", liquid=True)
F(B, "toothpaste", "crest,colgate,sensodyne,aquafresh,hushcart basics", "2.99-6.99", 11, "4 ounce,3 pack:2.6",
  desc="Whitening,Cavity Protection,Sensitive,Fresh Mint,Charcoal")
F(B, "toothbrush=Soft Manual Toothbrush;bamboo toothbrush", "colgate,oral b,pure glow", "2.99-7.99", 5,
  ",4 pack:3")
F(B, "electric toothbrush", "oral b,philips", "24.99-199.99", 6, colors="white,black,pink,blue")
F(B, "whitening strips", "crest,pure glow", "24.99-44.99", 3, "10 count,20 count:1.6")
F(B, "mouthwash", "listerine,crest,colgate", "4.49-8.99", 4, "500 milliliter,1 liter:1.6", desc="Cool Mint,Zero Alcohol,Whitening")
F(B, "dental floss", "oral b,hushcart basics", "2.99-4.99", 2, ",3 pack:2.5")
F(B, "deodorant", "dove,old spice,axe,pure glow", "4.49-9.99", 6, desc="Clean Scent,Unscented,Fresh,Cool Blast")
F(B, "razor=Razor Handle with 2 Refills;razor blades=Razor Blade Refills;shaving cream", "gillette,schick,venus,"
  "hushcart basics", "3.99-29.99", 8)
F(B, "body lotion", "aveeno,cerave,jergens,nivea,vaseline,eucerin,gold bond", "5.99-14.99", 9, "12 ounce,19 ounce:1.4",
  desc="Daily Moisturizing,Intensive Repair,Fragrance Free,Cocoa Butter")
F(B, "fragrance free baby lotion=Fragrance-Free Baby Lotion;baby lotion;baby shampoo", "aveeno,cetaphil,johnsons,"
  "pure glow", "4.99-12.99", 6, "13 ounce", liquid=True)
F(B, "diaper cream=Diaper Rash Cream", "desitin,aquaphor,pure glow", "5.99-12.99", 3, "4 ounce")
F(B, "sunscreen", "neutrogena,banana boat,coppertone,sun bum,la roche posay", "7.99-19.99", 10, "3 ounce,8 ounce:1.6",
  desc="SPF 30,SPF 50,SPF 70 Sport,Kids SPF 50,Mineral SPF 30", attrs="waterproof?0.5", liquid=True)
F(B, "facial cleanser", "cerave,cetaphil,neutrogena,la roche posay", "8.99-19.99", 6, "8 ounce,16 ounce:1.6",
  desc="Hydrating,Foaming,Gentle", liquid=True)
F(B, "face moisturizer;face wash", "cetaphil,olay,neutrogena,aveeno,cerave", "8.99-24.99", 9,
  desc="Hydrating,Oil-Free,Gentle,")
F(B, "lip balm", "chapstick,carmex,nivea,vaseline", "1.49-4.99", 5, ",3 pack:2.6")
F(B, "lipstick", "maybelline,revlon,loreal,covergirl,pure glow", "4.99-12.99", 8, colors="@lip",
  desc="Matte,Satin,Creamy,Long-Wear")
F(B, "mascara;eyeliner", "maybelline,loreal,covergirl,revlon", "4.99-12.99", 9, colors="black,brown",
  attrs="waterproof?0.45")
F(B, "foundation;concealer", "maybelline,loreal,covergirl,revlon", "6.99-15.99", 5)
F(B, "nail polish", "revlon,pure glow,hushcart basics", "2.99-9.99", 8, colors="@nail")
F(B, "cologne", "pure glow,old spice,hushcart basics", "14.99-59.99", 4, "1.7 ounce,3.4 ounce:1.5", liquid=True)
F(B, "perfume=Eau de Parfum;body mist=Fragrance Mist", "pure glow,bath and body works", "14.99-69.99", 4,
  "1.7 ounce,3.4 ounce:1.5", liquid=True)
F(B, "hair dryer;hair straightener", "dyson,revlon,hushcart basics", "24.99-429.99", 6, colors="black,pink,purple,white")
F(B, "hair gel;hairspray", "garnier,tresemme,suave", "3.49-6.99", 4)
F(B, "multivitamin;vitamin d3;vitamin c gummies;fish oil", "centrum,nature made,one a day,vitafusion,garden of life",
  "7.99-19.99", 10, "60 count,120 count:1.7", attrs="vegan?0.15")
F(B, "pain reliever=Acetaminophen Pain Reliever", "tylenol,hushcart basics", "5.99-12.99", 2, "24 count,100 count:2")
F(B, "pain reliever=Ibuprofen Pain Reliever", "advil,hushcart basics", "5.99-12.99", 2, "24 count,100 count:2")
F(B, "pain reliever=Naproxen Pain Reliever", "aleve", "7.99-12.99", 1, "24 count,100 count:2")
F(B, "allergy medicine=24 Hour Allergy Relief", "claritin,zyrtec", "12.99-24.99", 2, "30 count,70 count:1.8")

# ---------------------------------------------------------------------------
# Reading the lexicon (for checks)
# ---------------------------------------------------------------------------


def lexicon_lines(name: str) -> list[str]:
    out = []
    for raw in (LEXICON / name).read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            out.append(line)
    return out


def first_forms(name: str) -> list[str]:
    return [line.split("\t")[0].split("|")[0].strip() for line in lexicon_lines(name)]


# ---------------------------------------------------------------------------
# Text helpers
# ---------------------------------------------------------------------------

SMALL_WORDS = {"and", "or", "of", "for", "with", "in", "on", "the", "a", "an", "to", "by", "de", "con"}
WORD_DISPLAY = {
    "tv": "TV", "usb": "USB", "hdmi": "HDMI", "aa": "AA", "aaa": "AAA", "bbq": "BBQ", "led": "LED",
    "oled": "OLED", "qled": "QLED", "4k": "4K", "uhd": "UHD", "hd": "HD", "sd": "SD", "ssd": "SSD",
    "dslr": "DSLR", "vr": "VR", "gps": "GPS", "iphone": "iPhone", "ipad": "iPad", "d3": "D3", "wifi": "WiFi",
}
PHRASE_DISPLAY = {
    "t shirt": "T-Shirt", "usb c": "USB-C", "e reader": "E-Reader", "over ear": "Over-Ear", "on ear": "On-Ear",
    "2 in 1": "2-in-1", "all purpose": "All-Purpose", "multi surface": "Multi-Surface", "free range": "Free-Range",
    "grain free": "Grain-Free", "lactose free": "Lactose-Free", "carry on": "Carry-On", "high top": "High-Top",
    "pop tarts": "Pop-Tarts", "semi sweet": "Semi-Sweet",
}


def smart_title(text: str) -> str:
    for phrase, shown in PHRASE_DISPLAY.items():
        text = re.sub(rf"\b{re.escape(phrase)}\b", shown.replace(" ", "\x00"), text)
    words = text.split(" ")
    out = []
    for i, w in enumerate(words):
        if "\x00" in w or any(c.isupper() for c in w):
            out.append(w.replace("\x00", " "))
        elif w in WORD_DISPLAY:
            out.append(WORD_DISPLAY[w])
        elif i > 0 and w in SMALL_WORDS:
            out.append(w)
        else:
            out.append(w[:1].upper() + w[1:])
    return " ".join(out)


def brand_title(brand: str) -> str:
    if brand in BRAND_DISPLAY:
        return BRAND_DISPLAY[brand]
    words = ["&" if w == "and" else w if (i and w in SMALL_WORDS) else (w[:1].upper() + w[1:])
             for i, w in enumerate(brand.split())]
    return " ".join(words)


UNIT_SHOWN = {"ounce": "oz", "pound": "lb", "liter": "Liter", "gallon": "Gallon", "inch": "Inch", "foot": "ft",
              "quart": "Quart", "gigabyte": "GB", "terabyte": "TB", "watt": "W", "pack": "Pack", "count": "Count",
              "piece": "Piece", "milliliter": "mL"}
SIZE_UNITS = set(UNIT_SHOWN)
NUM = r"\d+(?:\.\d+)?"


def size_shown(size: str, liquid: bool, front: bool, wear: bool) -> str:
    m = re.fullmatch(rf"({NUM}) (\w+)", size)
    if m:
        number, unit = m.groups()
        if front and unit == "inch":
            return f"{number}-Inch"
        if unit == "ounce" and liquid:
            return f"{number} fl oz"
        if unit == "watt":
            return f"{number}W"
        return f"{number} {UNIT_SHOWN[unit]}"
    if size in BED:
        return {"twin xl": "Twin XL"}.get(size) or smart_title(size)
    if wear or size in LETTERS:
        return "Size " + (size if re.fullmatch(NUM, size) else smart_title(size))
    return smart_title(size)


# ---------------------------------------------------------------------------
# Generation
# ---------------------------------------------------------------------------

ATTR_SHOWN = {"organic": "Organic", "gluten-free": "Gluten-Free", "vegan": "Vegan", "dairy-free": "Dairy-Free",
              "sugar-free": "Sugar-Free", "fair-trade": "Fair Trade", "wireless": "Wireless",
              "waterproof": "Waterproof", "noise-cancelling": "Noise-Cancelling", "vegetarian": "Vegetarian"}
ATTR_CORE = {a: re.split(r"[- ]", shown.lower())[0] for a, shown in ATTR_SHOWN.items()}
ATTR_ORDER = ["organic", "fair-trade", "vegan", "vegetarian", "gluten-free", "dairy-free", "sugar-free",
              "waterproof", "wireless", "noise-cancelling", "refurbished"]


def parse_kinds(spec: str) -> list[tuple[str, str, float]]:
    kinds = []
    for part in spec.split(";"):
        factor = 1.0
        if "*" in part:
            part, f = part.rsplit("*", 1)
            factor = float(f)
        product, _, name = part.partition("=")
        product = product.strip()
        kinds.append((product, name.strip() or smart_title(product), factor))
    return kinds


def parse_sizes(spec, gender: str, growth: float) -> tuple[list[tuple[str | None, float]], str | None]:
    """(size, price factor) choices and the palette name, if any."""
    if spec is None:
        return [(None, 1.0)], None
    if spec.startswith("@"):
        name = spec[1:]
        palette = SIZE_PALETTES[name]
        sizes = palette.get(gender, palette[""])
        return [(s, 1.0) for s in sizes], name
    out = []
    for i, part in enumerate(spec.split(",")):
        size, _, factor = part.partition(":")
        size = size.strip() or None
        out.append((size, float(factor) if factor else growth ** i))
    return out, None


def colors_of(spec, known: set[str]) -> list[str | None]:
    if spec is None:
        return [None]
    names = (COLORS[spec[1:]] if spec.startswith("@") else spec).split(",")
    unknown = [c for c in names if c not in known]
    if unknown:
        raise SystemExit(f"colours not in colors.txt: {unknown}")
    return names


def parse_attrs(spec: str) -> tuple[list[str], list[tuple[str, float]]]:
    inherent, optional = [], []
    for token in spec.split():
        if token.startswith("!"):
            inherent.append(token[1:])
        else:
            name, _, p = token.partition("?")
            optional.append((name, float(p) if p else 0.3))
    return inherent, optional


def shop_price(p: float, rng: random.Random) -> float:
    p = min(p, MAX_PRICE)
    if p < 1:
        cents = min([0.49, 0.59, 0.69, 0.79, 0.89, 0.99], key=lambda c: abs(c - p))
        return cents
    if p < 10:
        return math.floor(p) + rng.choice([0.29, 0.49, 0.79, 0.99, 0.99])
    if p < 100:
        return math.floor(p) + rng.choice([0.99, 0.99, 0.99, 0.49, 0.95])
    if p < 1000:
        step = rng.choice([10, 10, 5])
        return min(MAX_PRICE, max(step, round(p / step) * step) - 0.01)
    return min(MAX_PRICE, round(p / 50) * 50 - 0.01)


def rating_and_reviews(rng: random.Random) -> tuple[float, int]:
    reviews = int(min(50_000, rng.lognormvariate(4.2, 1.7)))
    reviews = max(1, reviews)
    if rng.random() < 0.07:
        rating = rng.gauss(3.2, 0.6)
    else:
        rating = rng.gauss(4.35, 0.3)
    if reviews < 5:
        rating = rng.choice([3.0, 4.0, 4.0, 5.0, 5.0, 2.0, 1.0])
    return round(min(5.0, max(1.0, rating)), 1), reviews


def generate(known_colors: set[str]) -> list[dict]:
    rng = random.Random(SEED)
    rows: list[dict] = []
    titles: set[str] = set()
    short: list[str] = []
    for fam in FAMILIES:
        kinds = parse_kinds(fam["kinds"])
        brands = [b.strip() for b in fam["brands"].split(",")]
        order = brands[:]
        rng.shuffle(order)
        inherent, optional = parse_attrs(fam["attrs"])
        genders = list(fam["gender"]) or [""]
        colors = colors_of(fam["colors"], known_colors)
        descs = fam["desc"].split(",") if fam["desc"] is not None else [""]
        made = primary = tries = 0
        while made < fam["n"] and tries < fam["n"] * 30:
            tries += 1
            i = primary
            shift = tries - 1 - primary  # moves on to other kinds and brands after a repeated title
            # Diagonal walk over brands x kinds: the first rows show every brand
            # and every kind, later rows move on to new pairs.
            cycle = math.lcm(len(order), len(kinds))
            brand = order[(i + shift) % len(order)]
            product, name, kind_factor = kinds[(i + i // cycle + shift // len(order)) % len(kinds)]
            gender = rng.choice(genders)
            sizes, palette = parse_sizes(fam["sizes"], gender, fam["growth"])
            wear = palette in WEAR_PALETTES
            if palette == "letters":
                size_i = rng.choices(range(len(sizes)), weights=LETTER_WEIGHTS[:len(sizes)])[0]
            else:
                size_i = rng.randrange(len(sizes))
            size, size_factor = sizes[size_i]
            color = rng.choice(colors)
            desc = rng.choice(descs)
            attrs = list(inherent)
            for name_a, p in optional:
                if rng.random() < p and name_a not in attrs:
                    attrs.append(name_a)
            u = rng.random()
            if brand in PREMIUM_BRANDS:
                u = 0.45 + 0.55 * u
            elif brand in BUDGET_BRANDS:
                u = 0.6 * u
            base = fam["lo"] * (fam["hi"] / fam["lo"]) ** u
            price = base * size_factor * kind_factor
            if "refurbished" in attrs:
                price *= 0.78
            shown_attrs = [ATTR_SHOWN[a] for a in sorted(attrs, key=ATTR_ORDER.index) if a in ATTR_SHOWN
                           and (a not in inherent or rng.random() < 0.5)
                           and ATTR_CORE[a] not in words(name + " " + brand)]

            def title_for(size_value):
                head = [brand_title(brand), GENDER_WORD[gender]]
                if size_value and fam["front"]:
                    head.append(size_shown(size_value, fam["liquid"], True, wear))
                head += shown_attrs + [desc, name]
                tail = []
                if color:
                    tail.append(smart_title(color))
                if size_value and not fam["front"]:
                    tail.append(size_shown(size_value, fam["liquid"], False, wear))
                text = " ".join(w for w in head if w)
                if tail:
                    text += ", " + ", ".join(tail)
                if "refurbished" in attrs:
                    text += " (Refurbished)"
                return text

            title = title_for(size)
            if title in titles:
                continue
            rating, reviews = rating_and_reviews(rng)
            row = {
                "id": "",
                "title": title,
                "brand": brand,
                "category": fam["cat"],
                "product": product,
                "attributes": sorted(attrs),
                "size": size,
                "color": color,
                "price": round(shop_price(price, rng), 2),
                "rating": rating,
                "reviews": reviews,
            }
            titles.add(title)
            rows.append(row)
            made += 1
            primary += 1
            # Now and then the same item in more sizes (clothing, shoes, beds):
            # same price, rating and reviews, as shops show variants.
            if palette and len(sizes) > 2 and rng.random() < 0.2:
                others = [s for s, _ in sizes if s != size]
                for extra in rng.sample(others, k=min(len(others), rng.choice([1, 2]))):
                    if made >= fam["n"]:
                        break
                    sibling_title = title_for(extra)
                    if sibling_title in titles:
                        continue
                    titles.add(sibling_title)
                    rows.append(dict(row, title=sibling_title, size=extra))
                    made += 1
        if made < fam["n"]:
            short.append(f"family {fam['kinds']!r}: only {made} distinct rows of {fam['n']}")
    if short:
        raise SystemExit("\n".join(short))
    for n, row in enumerate(rows, start=1):
        row["id"] = f"p{n:05d}"
    return rows


# ---------------------------------------------------------------------------
# Vocabulary
# ---------------------------------------------------------------------------

FUNCTION_WORDS = {
    "a", "an", "the", "and", "or", "nor", "but", "of", "for", "with", "without", "in", "on", "to", "by", "at",
    "from", "into", "onto", "over", "under", "as", "per", "via", "up", "off", "out", "is", "are", "be", "it",
    "its", "this", "that", "these", "those", "than", "then", "so", "if", "no", "not", "all", "any", "some",
    "each", "de", "con", "s",
}


def words(text: str) -> list[str]:
    return [w for w in re.split(r"[^a-z0-9]+", text.lower()) if w]


def term_ok(w: str) -> bool:
    return len(w) > 1 and not w.isdigit() and w not in FUNCTION_WORDS and not re.fullmatch(r"[0-9.]+", w)


def vocabulary(rows: list[dict]) -> dict:
    terms: set[str] = set()
    for row in rows:
        for text in (row["product"], row["brand"], row["title"]):
            terms.update(w for w in words(text) if term_ok(w))
        for attr in row["attributes"]:
            terms.add(attr)
            terms.update(w for w in words(attr) if term_ok(w))
    return {
        "version": 1,
        "retailer": RETAILER,
        "terms": sorted(terms),
        "categories": sorted(CATEGORIES),
        "sizes": sorted({r["size"] for r in rows if r["size"]}),
        "colors": sorted({r["color"] for r in rows if r["color"]}),
    }


def render(rows: list[dict]) -> tuple[bytes, bytes]:
    products = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows).encode("utf-8")
    vocab = (json.dumps(vocabulary(rows), indent=2, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")
    return products, vocab


# ---------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------

IRREGULAR_PLURALS = {"mice": "mouse", "scarves": "scarf", "knives": "knife", "shelves": "shelf", "leaves": "leaf",
                     "loaves": "loaf", "teeth": "tooth", "feet": "foot"}
NOT_A_PRODUCT = {"my usual", "the usual", "usual", "that", "it", "this", "them", "those", "these", "the same",
                 "same", "same thing", "everything", "something", "stuff", "one", "the one", "my order",
                 "the last one", "my stuff", "my groceries", "all of it"}
POPULAR = ["running shoes", "headphones", "almond milk", "paper towels", "dog food", "shampoo"]
# Given names and titles that must never appear in a brand or a title.
PERSON_WORDS = {
    "john", "james", "mary", "michael", "david", "robert", "william", "joseph", "joe", "joes", "ben", "bens",
    "annie", "annies", "amy", "amys", "justin", "justins", "dave", "daves", "ralph", "calvin", "tommy", "kate",
    "jimmy", "sara", "debbie", "betty", "duncan", "oscar", "tim", "melissa", "doug", "harry", "harrys", "billie",
    "bob", "bobs", "frank", "franks", "ken", "kens", "arthur", "thomas", "levi", "levis", "larry", "linda",
    "susan", "karen", "nancy", "lisa", "jennifer", "patricia", "elizabeth", "barbara", "sarah", "zara", "siggi",
    "filippo", "olly", "mrs", "mr", "dr", "uncle", "aunt", "marshall", "stanley", "godiva", "barbie", "arnold",
}
PII_PATTERNS = [
    (re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+"), "an e-mail address"),
    (re.compile(r"\(?\b\d{3}\)?[-. ]\d{3}[-. ]\d{4}\b"), "a phone number"),
    (re.compile(r"\b\d+ \w+ (street|st|avenue|ave|road|rd|lane|ln|drive|dr|boulevard|blvd)\b", re.I),
     "a street address"),
    (re.compile(r"https?://|www\.", re.I), "a web address"),
]


def singular(w: str) -> str:
    if w in IRREGULAR_PLURALS:
        return IRREGULAR_PLURALS[w]
    return w


def same_word(a: str, b: str) -> bool:
    a, b = singular(a), singular(b)
    if a == b:
        return True
    for x, y in ((a, b), (b, a)):
        if y in (x + "s", x + "es") or (x.endswith("y") and y == x[:-1] + "ies"):
            return True
    return False


def covers(product_field: str, phrase: str) -> bool:
    if product_field == phrase:
        return True
    have = words(product_field)
    return all(any(same_word(q, h) for h in have) for q in words(phrase))


def shopper_cases(path: Path) -> list[dict]:
    """The slots of the search and add_to_cart cases that name a product."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            case = json.loads(line)
            if case.get("intent") in ("search", "add_to_cart") and case.get("slots", {}).get("product"):
                out.append(case["slots"])
    return out


def shopper_phrases(path: Path) -> list[str]:
    return list(dict.fromkeys(slots["product"] for slots in shopper_cases(path)))


def squash(text: str) -> str:
    return "".join(words(text))


class Failures:
    def __init__(self):
        self.items: list[str] = []

    def add(self, message: str):
        self.items.append(message)


def check(rows: list[dict], products_bytes: bytes, vocab: dict, quiet: bool) -> None:
    say = (lambda *a: None) if quiet else print
    fail = Failures()
    brands_txt = first_forms("brands.txt")
    attributes = set(first_forms("attributes.tsv"))
    colors = set(lexicon_lines("colors.txt"))
    word_sizes = {line.split("\t")[0] for line in lexicon_lines("sizes.tsv") if line.split("\t")[1] == "word"}
    products_txt = first_forms("products.txt")
    allowed_brands = (set(brands_txt) | set(FICTIONAL_BRANDS)) - PERSON_NAME_BRANDS

    # Schema.
    keys = ["id", "title", "brand", "category", "product", "attributes", "size", "color", "price", "rating",
            "reviews"]
    ids = [r["id"] for r in rows]
    if ids != sorted(ids) or len(set(ids)) != len(ids):
        fail.add("ids are not unique and sorted")
    for r in rows:
        where = r["id"]
        if list(r) != keys:
            fail.add(f"{where}: keys out of order")
        if not re.fullmatch(r"p\d{5}", r["id"]):
            fail.add(f"{where}: bad id")
        if r["category"] not in CATEGORIES:
            fail.add(f"{where}: category {r['category']!r}")
        if r["brand"] not in allowed_brands:
            fail.add(f"{where}: brand {r['brand']!r} is neither in brands.txt nor a store brand (or is a name)")
        if r["product"] != r["product"].lower() or not r["product"]:
            fail.add(f"{where}: product not lower case")
        if r["attributes"] != sorted(set(r["attributes"])) or not set(r["attributes"]) <= attributes:
            fail.add(f"{where}: attributes {r['attributes']}")
        if r["color"] is not None and r["color"] not in colors:
            fail.add(f"{where}: colour {r['color']!r} not in colors.txt")
        s = r["size"]
        if s is not None and not (s in word_sizes or re.fullmatch(NUM, s)
                                  or (re.fullmatch(rf"{NUM} (\w+)", s) and s.split()[1] in SIZE_UNITS)):
            fail.add(f"{where}: size {s!r}")
        if not (0.49 <= r["price"] <= MAX_PRICE) or round(r["price"], 2) != r["price"]:
            fail.add(f"{where}: price {r['price']}")
        if not (1.0 <= r["rating"] <= 5.0) or round(r["rating"], 1) != r["rating"]:
            fail.add(f"{where}: rating {r['rating']}")
        if not (0 <= r["reviews"] <= 50_000):
            fail.add(f"{where}: reviews {r['reviews']}")
        if r["category"] == "groceries" and r["color"] is not None:
            fail.add(f"{where}: food with a colour")
        text = " ".join(str(v) for v in r.values())
        for pattern, what in PII_PATTERNS:
            if pattern.search(text):
                fail.add(f"{where}: looks like {what}")
        named = PERSON_WORDS & set(words(r["brand"] + " " + r["title"]))
        if named:
            fail.add(f"{where}: a person's name or title in the brand or title: {sorted(named)}")
        for word in words(r["title"]):
            if not word.isascii():
                fail.add(f"{where}: non-ASCII title")

    # Size of the whole.
    counts = {c: sum(1 for r in rows if r["category"] == c) for c in CATEGORIES}
    if len(rows) < 2000:
        fail.add(f"only {len(rows)} products (at least 2,000 wanted)")
    if max(counts, key=counts.get) != "groceries":
        fail.add("groceries is not the largest category")
    for c, n in counts.items():
        if n < 100:
            fail.add(f"category {c} has only {n} products")
    if len(products_bytes) >= MAX_PRODUCTS_BYTES:
        fail.add(f"products.jsonl is {len(products_bytes)} bytes (limit {MAX_PRODUCTS_BYTES})")
    say(f"products: {len(rows)}, {len(products_bytes):,} bytes; " +
        ", ".join(f"{c} {n}" for c, n in counts.items()))
    prices = [r["price"] for r in rows]
    say(f"prices: {min(prices):.2f} .. {max(prices):.2f}; vocabulary: {len(vocab['terms'])} terms, "
        f"{len(vocab['sizes'])} sizes, {len(vocab['colors'])} colours")

    # Popular products have many variants.
    for phrase in POPULAR:
        hits = [r for r in rows if covers(r["product"], phrase)]
        kinds = {(r["brand"], r["size"], r["color"], tuple(r["attributes"]), r["price"]) for r in hits}
        brands = {r["brand"] for r in hits}
        say(f"  variety {phrase!r}: {len(hits)} rows, {len(kinds)} kinds, {len(brands)} brands")
        if len(kinds) < 15 or len(brands) < 4:
            fail.add(f"{phrase!r}: only {len(kinds)} kinds across {len(brands)} brands (15 and 4 wanted)")

    # Product phrases come from products.txt where possible.
    distinct = sorted({r["product"] for r in rows})
    listed = [p for p in distinct if any(covers(p, entry) and len(words(entry)) == len(words(p))
                                         for entry in products_txt)]
    say(f"product types: {len(distinct)}, of which {len(listed)} are products.txt entries (plurals allowed)")

    # The shopper's recorded commands find something.
    product_fields = sorted({r["product"] for r in rows})
    for label, path, need in (("suite.jsonl", SUITE, 1.0), ("dev.jsonl", DEV, 0.9)):
        phrases = shopper_phrases(path)
        skipped = [p for p in phrases if p in NOT_A_PRODUCT]
        wanted = [p for p in phrases if p not in NOT_A_PRODUCT]
        missing = [p for p in wanted if not any(covers(f, p) for f in product_fields)]
        share = (len(wanted) - len(missing)) / len(wanted) if wanted else 1.0
        say(f"coverage {label}: {len(wanted) - len(missing)} of {len(wanted)} product phrases ({share:.1%}); "
            f"skipped as not products: {skipped or 'none'}; not covered: {missing or 'none'}")
        if share < need:
            fail.add(f"{label}: {share:.1%} of product phrases covered, {need:.0%} needed; missing {missing}")
        # For information: cases that also name a brand.
        pairs = list(dict.fromkeys((c["brand"], c["product"]) for c in shopper_cases(path) if c.get("brand")))
        unmet = [(b, p) for b, p in pairs
                 if not any(squash(r["brand"]) == squash(b) and covers(r["product"], p) for r in rows)]
        left_out = {squash(b) for b in PERSON_NAME_BRANDS}
        by_policy = [f"{b} {p}" for b, p in unmet if squash(b) in left_out]
        other = [f"{b} {p}" for b, p in unmet if squash(b) not in left_out]
        say(f"  brand and product {label}: {len(pairs) - len(unmet)} of {len(pairs)} pairs found; "
            f"brand left out as a person's name: {by_policy or 'none'}; otherwise not found: {other or 'none'}")

    if fail.items:
        print("CATALOG CHECK FAILED:", file=sys.stderr)
        for item in fail.items[:50]:
            print("  " + item, file=sys.stderr)
        if len(fail.items) > 50:
            print(f"  ... and {len(fail.items) - 50} more", file=sys.stderr)
        raise SystemExit(1)


# ---------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=HERE, help="folder to write into (default: this script's folder)")
    parser.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if the files in --out differ from what would be written")
    parser.add_argument("--quiet", action="store_true", help="print only problems")
    args = parser.parse_args()

    rows = generate(set(lexicon_lines("colors.txt")))
    products_bytes, vocab_bytes = render(rows)
    check(rows, products_bytes, json.loads(vocab_bytes), args.quiet)

    targets = {args.out / "products.jsonl": products_bytes, args.out / "vocabulary.json": vocab_bytes}
    if args.check:
        stale = [p.name for p, data in targets.items() if not p.exists() or p.read_bytes() != data]
        if stale:
            print(f"out of date: {', '.join(stale)} (run {Path(__file__).name} to regenerate)", file=sys.stderr)
            raise SystemExit(1)
        print("catalog files are up to date")
        return
    args.out.mkdir(parents=True, exist_ok=True)
    for path, data in targets.items():
        path.write_bytes(data)
        if not args.quiet:
            print(f"wrote {path} ({len(data):,} bytes)")


if __name__ == "__main__":
    main()
